import { negatedOperator } from '../types';
import { arnLike } from './arn-like';

export const arnNotLike = negatedOperator(arnLike, 'ArnNotLike');
