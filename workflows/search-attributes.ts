import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** What ops filter on in the Temporal UI and `temporal workflow list --query`. None of it is personal data. */
export const PetitionNumber = defineSearchAttributeKey('PetitionNumber', SearchAttributeType.KEYWORD);
export const PetitionStatus = defineSearchAttributeKey('PetitionStatus', SearchAttributeType.KEYWORD);
export const LeadDepartment = defineSearchAttributeKey('LeadDepartment', SearchAttributeType.KEYWORD);
export const PetitionPolicy = defineSearchAttributeKey('PetitionPolicy', SearchAttributeType.KEYWORD);
export const PetitionChannel = defineSearchAttributeKey('PetitionChannel', SearchAttributeType.KEYWORD);
export const PetitionCategory = defineSearchAttributeKey('PetitionCategory', SearchAttributeType.KEYWORD);
export const NextDueTime = defineSearchAttributeKey('NextDueTime', SearchAttributeType.DATETIME);
export const Overdue = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);

/** The server-side registration list (dev server flags, operator service); names must match the keys above. */
export const petitionSearchAttributeTypes = {
  PetitionNumber: 'Keyword',
  PetitionStatus: 'Keyword',
  LeadDepartment: 'Keyword',
  PetitionPolicy: 'Keyword',
  PetitionChannel: 'Keyword',
  PetitionCategory: 'Keyword',
  NextDueTime: 'Datetime',
  Overdue: 'Bool',
} as const satisfies Record<string, 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList'>;
