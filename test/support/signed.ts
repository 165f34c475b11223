/** Test access to the signed-request helpers that the demo and benchmarks share. */
export * from '../../src/sandbox/signed-requests.js';
