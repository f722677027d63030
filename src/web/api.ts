// What remains of the old client: every screen calls the typed contract (data/client.ts). This file only passes
// on ApiError for the modules that still import it from here (errors.ts, forms/server-errors.ts and the forms'
// component test) and goes once they import it from data/client.ts.
export { ApiError } from './data/client.ts';
