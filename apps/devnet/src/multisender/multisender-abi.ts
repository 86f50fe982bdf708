import { functionSelector } from '@tronpay/tron';

export const MULTI_TRANSFER_SIGNATURE = 'multiTransfer(address,address[],uint256[])';
export const MULTI_TRANSFER_SELECTOR = functionSelector(MULTI_TRANSFER_SIGNATURE);

/** The multisender's ABI in java-tron's getcontract spelling. */
export const MULTISENDER_ABI_ENTRIES = [
  {
    inputs: [
      { name: 'token', type: 'address' },
      { name: 'recipients', type: 'address[]' },
      { name: 'amounts', type: 'uint256[]' },
    ],
    name: 'multiTransfer',
    stateMutability: 'Nonpayable',
    type: 'Function',
  },
];
