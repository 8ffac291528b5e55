import { dateComparison } from './parse-date';

// request date === policy date; ISO 8601 or epoch seconds, no wildcards, no variables.
export const dateEquals = dateComparison('DateEquals', (requestValue, policyValue) => requestValue === policyValue);
