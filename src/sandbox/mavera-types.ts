/** Types shared by the Mavera simulator's modules (the server in mavera.ts, its routes and uploads). */

export interface MaveraSimulatorStats {
  /** uploads whose bytes arrived complete (presigned PUT or /assets) */
  uploads: number;
  uploadBytes: number;
  analysesCreated: number;
  /** GETs of a single analysis */
  polls: number;
  requests: number;
}
