// Lint fixture (never built or run): libs/config is where process.env is read.
export const allowed = process.env['TRON_NETWORK'];
