import { activateRules, previewRulesActivation } from './rules-activate';
import { rulesDocument } from './rules-document';
import { discardRulesDraft, saveRulesDraft } from './rules-draft';
import { getRules } from './rules-get';

/** Use cases of the rules part of the deliberation contract (types/deliberation-rules.ts). */
export const rulesHandlers = { getRules, saveRulesDraft, discardRulesDraft, previewRulesActivation, activateRules, rulesDocument };
