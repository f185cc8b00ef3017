import { exitOnStartFailure, runServerProcess } from './server-process.js';

runServerProcess(process.env).catch(exitOnStartFailure);
