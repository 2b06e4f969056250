import { cleanupTestOutdirs } from './index';

// Every test file removes the cloud assemblies its testApp() calls wrote.
afterAll(() => cleanupTestOutdirs());
