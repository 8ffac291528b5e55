import { negatedOperator } from '../types';
import { arnLike } from './arn-like';

// ArnNotEquals and ArnNotLike behave identically, like their positive forms.
export const arnNotEquals = negatedOperator(arnLike, 'ArnNotEquals');
