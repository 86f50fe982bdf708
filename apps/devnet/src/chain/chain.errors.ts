/** java-tron's broadcast result codes (GrpcAPI.Return.response_code). */
export type BroadcastCode =
  | 'SIGERROR'
  | 'CONTRACT_VALIDATE_ERROR'
  | 'CONTRACT_EXE_ERROR'
  | 'BANDWITH_ERROR'
  | 'DUP_TRANSACTION_ERROR'
  | 'TAPOS_ERROR'
  | 'TOO_BIG_TRANSACTION_ERROR'
  | 'TRANSACTION_EXPIRATION_ERROR'
  | 'SERVER_BUSY'
  | 'OTHER_ERROR';

/** A transaction the node refuses; `message` is the text java-tron puts (hex-encoded) in the answer. */
export class BroadcastError extends Error {
  constructor(
    readonly code: BroadcastCode,
    message: string,
  ) {
    super(message);
    this.name = 'BroadcastError';
  }
}

/** The failure of an actuator's validate(): java-tron's ContractValidateException message. */
export class ContractValidateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractValidateError';
  }
}

/** A request the HTTP API answers with `{"Error": "class <javaClass> : <message>"}`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly javaClass = 'java.lang.IllegalArgumentException',
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
