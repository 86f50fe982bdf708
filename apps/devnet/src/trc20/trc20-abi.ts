import { eventTopic, functionSelector } from '@tronpay/tron';

export const SELECTORS = {
  name: functionSelector('name()'),
  symbol: functionSelector('symbol()'),
  decimals: functionSelector('decimals()'),
  totalSupply: functionSelector('totalSupply()'),
  balanceOf: functionSelector('balanceOf(address)'),
  transfer: functionSelector('transfer(address,uint256)'),
  transferFrom: functionSelector('transferFrom(address,address,uint256)'),
  approve: functionSelector('approve(address,uint256)'),
  allowance: functionSelector('allowance(address,address)'),
} as const;

export const TRANSFER_TOPIC = eventTopic('Transfer(address,address,uint256)');
export const APPROVAL_TOPIC = eventTopic('Approval(address,address,uint256)');

const input = (name: string, type: string) => ({ name, type });
const fn = (name: string, inputs: Array<{ name: string; type: string }>, output: string, mutability: string) => ({
  outputs: [{ type: output }],
  ...(inputs.length ? { inputs } : {}),
  ...(mutability === 'View' ? { constant: true } : {}),
  name,
  stateMutability: mutability,
  type: 'Function',
});
const event = (name: string, a: string, b: string) => ({
  inputs: [
    { indexed: true, name: a, type: 'address' },
    { indexed: true, name: b, type: 'address' },
    { name: 'value', type: 'uint256' },
  ],
  name,
  type: 'Event',
});

/** The standard TRC20 ABI in java-tron's getcontract spelling (capitalised enum names). */
export const TRC20_ABI_ENTRIES = [
  fn('name', [], 'string', 'View'),
  fn('symbol', [], 'string', 'View'),
  fn('decimals', [], 'uint8', 'View'),
  fn('totalSupply', [], 'uint256', 'View'),
  fn('balanceOf', [input('who', 'address')], 'uint256', 'View'),
  fn('allowance', [input('owner', 'address'), input('spender', 'address')], 'uint256', 'View'),
  fn('transfer', [input('to', 'address'), input('value', 'uint256')], 'bool', 'Nonpayable'),
  fn('transferFrom', [input('from', 'address'), input('to', 'address'), input('value', 'uint256')], 'bool', 'Nonpayable'),
  fn('approve', [input('spender', 'address'), input('value', 'uint256')], 'bool', 'Nonpayable'),
  event('Transfer', 'from', 'to'),
  event('Approval', 'owner', 'spender'),
];
