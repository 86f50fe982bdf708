import { classifyBroadcastAnswer, decodeNodeMessage } from './broadcast-answer';

const hex = (s: string) => Buffer.from(s).toString('hex');

describe('java-tron broadcast answers', () => {
  it('accepted and DUP are both success', () => {
    expect(classifyBroadcastAnswer({ result: true, txid: 'ab' })).toEqual({ kind: 'accepted' });
    expect(classifyBroadcastAnswer({ code: 'DUP_TRANSACTION_ERROR', txid: 'ab' })).toEqual({ kind: 'duplicate' });
  });

  it.each(['SIGERROR', 'CONTRACT_VALIDATE_ERROR', 'CONTRACT_EXE_ERROR', 'BANDWITH_ERROR', 'TOO_BIG_TRANSACTION_ERROR', 'TRANSACTION_EXPIRATION_ERROR'])(
    '%s is permanent, with its message decoded',
    (code) => {
      expect(classifyBroadcastAnswer({ code, message: hex('contract validate error : no') })).toEqual({ kind: 'rejected', code, message: 'contract validate error : no' });
    },
  );

  it.each(['SERVER_BUSY', 'NO_CONNECTION', 'NOT_ENOUGH_EFFECTIVE_CONNECTION', 'BLOCK_UNSOLIDIFIED', 'TAPOS_ERROR', 'OTHER_ERROR', 'SOMETHING_NEW'])('%s is re-sent', (code) => {
    expect(classifyBroadcastAnswer({ code }).kind).toBe('transient');
  });

  it('an answer without result or code is re-sent, not trusted', () => {
    expect(classifyBroadcastAnswer({})).toEqual({ kind: 'transient', code: 'OTHER_ERROR', message: '' });
  });

  it('keeps a message that is not hex text as it is', () => {
    expect(decodeNodeMessage('plain words')).toBe('plain words');
    expect(decodeNodeMessage('00ff10')).toBe('00ff10');
    expect(decodeNodeMessage(undefined)).toBe('');
  });
});
