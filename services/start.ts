/** `npm start`: the whole system in one process, on embedded defaults or on the real servers the environment names. */
import { runProcess } from './composition';

runProcess('start');
