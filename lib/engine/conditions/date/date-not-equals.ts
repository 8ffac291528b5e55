import { negatedOperator } from '../types';
import { dateEquals } from './date-equals';

export const dateNotEquals = negatedOperator(dateEquals, 'DateNotEquals');
