import { runProviderContract } from '@calsync/core/testing';
import { contractSubject } from './support.js';

// Core's provider contract, run against the Google sandbox through the official client.
runProviderContract('google adapter vs sandbox', contractSubject);
