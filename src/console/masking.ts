/** The console shows a quarantined body masked as operators see it everywhere: see ingestion/quarantine-masking. */
export { maskMessageBody } from '../common/quarantine-masking';
