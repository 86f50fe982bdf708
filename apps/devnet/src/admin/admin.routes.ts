import { BroadcastError } from '../chain/chain.errors';
import type { Router } from '../http/router';
import type { AdminService } from './admin.service';

export function registerAdminRoutes(router: Router, admin: AdminService): void {
  router.add('/admin/info', () => admin.info());
  router.add('/admin/mine', (req) => admin.mine(req.params));
  router.add('/admin/accounts-json', () => admin.accountsJson());
  router.add('/admin/temporary-accounts-generation', (req) => guard(() => admin.temporaryAccounts(req.params)));
  router.add('/admin/fund', (req) => guard(() => admin.fund(req.params)));
  router.add('/admin/trc20', (req) => admin.createToken(req.params));
  router.add('/admin/trc10', (req) => admin.createAsset(req.params));
  router.add('/admin/multisender', (req) => admin.deployMultisender(req.params));
}

/** A refused funding transaction (faucet out of funds, ...) answers like a refused broadcast. */
function guard<T>(fn: () => T): T | { code: string; message: string } {
  try {
    return fn();
  } catch (e) {
    if (e instanceof BroadcastError) return { code: e.code, message: e.message };
    throw e;
  }
}
