import { describeCalDAVServer } from './suite.js';

describeCalDAVServer('xandikos');
