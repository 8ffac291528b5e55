import { invalid, ok, type ConditionOperator } from '../types';

// byte-for-byte comparison of base-64 values. Two encodings of the same bytes differ only in
// padding and line breaks, which we strip before comparing.
function canonicalBase64(text: string): string | undefined {
  const stripped = text.replace(/[\s=]+/g, '');
  return /^[A-Za-z0-9+/]*$/.test(stripped) ? stripped : undefined;
}

export const binaryEquals: ConditionOperator<string> = {
  name: 'BinaryEquals',
  family: 'binary',
  negated: false,
  variables: 'no',
  prepare: (value) => {
    const canonical = canonicalBase64(value.text);
    return canonical === undefined ? invalid(`'${value.text}' is not base-64`) : ok(canonical);
  },
  test: (requestValue, policyValue) => requestValue === policyValue || canonicalBase64(requestValue) === policyValue,
};
