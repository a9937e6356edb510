/**
 * `npm run api`: the HTTP API alone, for the split deployment (docker-compose.yml). Needs DATABASE_URL and
 * TEMPORAL_ADDRESS; workers run in their own processes (services/worker.ts). Assembled in services/composition.ts.
 */
import { runProcess } from './composition';

runProcess('api');
