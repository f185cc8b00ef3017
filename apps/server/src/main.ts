import { exitOnStartFailure, runServerProcess } from './server-process.js';

runServerProcess(process.env, (text) => console.log(text)).catch(exitOnStartFailure);
