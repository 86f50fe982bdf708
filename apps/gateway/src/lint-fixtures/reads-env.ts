// Lint fixture (never built or run): only libs/config may read process.env.
export const leaked = process.env['ADMIN_API_KEY'];
