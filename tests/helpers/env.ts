/** Shared between the global setup (parent process) and test files (workers). */
export const TEST_JWT_SECRET = 'test-secret-0123456789-0123456789-0123456789';
export const TEMPLATE_DATABASE = 'duban_test_template';
/** set by the global setup: a URL to the server's maintenance database */
export const ADMIN_URL_VARIABLE = 'DUBAN_TEST_ADMIN_URL';

export { withDatabase } from '../../src/db/throwaway';
