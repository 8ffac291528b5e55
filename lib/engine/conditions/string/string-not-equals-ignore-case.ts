import { negatedOperator } from '../types';
import { stringEqualsIgnoreCase } from './string-equals-ignore-case';

export const stringNotEqualsIgnoreCase = negatedOperator(stringEqualsIgnoreCase, 'StringNotEqualsIgnoreCase');
