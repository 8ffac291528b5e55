import { dateComparison } from './parse-date';

// request date < policy date; ISO 8601 or epoch seconds, no wildcards, no variables.
export const dateLessThan = dateComparison('DateLessThan', (requestValue, policyValue) => requestValue < policyValue);
