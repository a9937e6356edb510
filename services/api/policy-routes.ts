/**
 * Policy adoption over HTTP (admins): GET /api/policies/:id shows the policy file's version now and how many running
 * petitions count by each version; POST /api/policies/:id/adopt moves them to the file's version
 * (services/policy-versions.ts), audited. A service token must name the admin it acts for (X-Staff-Id).
 */
import { Router } from 'express';
import { allow, principalOf } from '../auth/middleware';
import { isBareService } from '../auth/roles';
import { adoptPolicyVersion, PolicyAdoptionRefused, policyVersionsInUse, type PolicyAdoptionContext } from '../policy-versions';
import { sendError } from './http-errors';

const POLICY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function policyRoutes(context: PolicyAdoptionContext): Router {
  const router = Router();

  router.get('/:id', async (req, res) => {
    if (!allow(req, res, 'adoptPolicy')) return;
    if (!POLICY_ID.test(req.params.id)) return sendError(res, 400, '办理规则编号无效 (policy id)');
    try {
      res.json(await policyVersionsInUse(context, req.params.id));
    } catch (error) {
      if (error instanceof PolicyAdoptionRefused) return sendError(res, 404, error.message);
      throw error;
    }
  });

  router.post('/:id/adopt', async (req, res) => {
    if (!allow(req, res, 'adoptPolicy')) return;
    const principal = principalOf(req)!;
    if (isBareService(principal)) return sendError(res, 403, '服务调用须以 X-Staff-Id 指明代为操作的管理员 (X-Staff-Id)');
    if (!POLICY_ID.test(req.params.id)) return sendError(res, 400, '办理规则编号无效 (policy id)');
    try {
      res.json(await adoptPolicyVersion(context, { policyId: req.params.id, actor: principal.actor }));
    } catch (error) {
      if (error instanceof PolicyAdoptionRefused) return sendError(res, 404, error.message);
      throw error;
    }
  });

  return router;
}
