import { negatedOperator } from '../types';
import { numericEquals } from './numeric-equals';

export const numericNotEquals = negatedOperator(numericEquals, 'NumericNotEquals');
