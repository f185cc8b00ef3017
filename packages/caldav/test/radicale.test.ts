import { describeCalDAVServer } from './suite.js';

describeCalDAVServer('radicale');
