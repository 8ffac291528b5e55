import type { ConditionOperator } from '../types';
import type { ArnPattern } from './arn-pattern';
import { arnLike } from './arn-like';

// "The ArnEquals and ArnLike condition operators behave identically."
export const arnEquals: ConditionOperator<ArnPattern> = { ...arnLike, name: 'ArnEquals' };
