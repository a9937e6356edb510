/**
 * `npm run worker`: a Temporal worker alone, for the split deployment; run as many as the load needs. Needs
 * DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL; serves /healthz, /readyz and /metrics on METRICS_PORT. Assembled in
 * services/composition.ts.
 */
import { runProcess } from './composition';

runProcess('worker');
