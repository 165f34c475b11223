/** Values stored in the tables that the layers above share (the store imports nothing from them). */

/** Where a scored video came from. */
export type VideoSource = 'ad' | 'organic';
