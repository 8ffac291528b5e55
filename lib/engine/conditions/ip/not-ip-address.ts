import { negatedOperator } from '../types';
import { ipAddress } from './ip-address';

export const notIpAddress = negatedOperator(ipAddress, 'NotIpAddress');
