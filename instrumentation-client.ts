import { config } from 'zod/v4/core';

// Runs in the browser before any of the console's own code. Pages run under a Content-Security-Policy
// without 'unsafe-eval'; zod compiles object parsers with `new Function` when it may, and its probe
// for that is reported as a CSP violation even though zod then parses without. Jitless parsing is
// the same validation, interpreted. (zod/v4/core holds the config alone, not the whole library.)
config({ jitless: true });
