import { negatedOperator } from '../types';
import { stringEquals } from './string-equals';

export const stringNotEquals = negatedOperator(stringEquals, 'StringNotEquals');
