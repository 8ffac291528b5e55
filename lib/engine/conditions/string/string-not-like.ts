import { negatedOperator } from '../types';
import { stringLike } from './string-like';

export const stringNotLike = negatedOperator(stringLike, 'StringNotLike');
