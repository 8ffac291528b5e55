import { numericComparison } from './parse-number';

// request value === policy value. Policy variables are not allowed in numeric values.
export const numericEquals = numericComparison('NumericEquals', (requestValue, policyValue) => requestValue === policyValue);
