// Italian labels of the campaigns service's codes (shared by the list, the editor and the campaign page).
export const CAMPAIGN_STATUS: Record<string, string> = {
  DRAFT: 'Bozza',
  IN_APPROVAL: 'In approvazione',
  APPROVED: 'Approvata',
  SCHEDULED: 'Programmata',
  RUNNING: 'In invio',
  PAUSED: 'Sospesa',
  COMPLETED: 'Conclusa',
  ARCHIVED: 'Archiviata',
};

export const CAMPAIGN_CHANNELS: Record<string, string> = { EMAIL: 'Email', SMS: 'SMS', IO: 'App IO' };

export const READABILITY_LEVELS: Record<string, string> = {
  ELEMENTARY: 'facile: adatto a chi ha la licenza elementare',
  MIDDLE: 'adatto a chi ha la licenza media',
  HIGH_SCHOOL: 'adatto a chi ha il diploma',
  DIFFICULT: 'difficile per la maggior parte dei cittadini',
};

export const EFFECT_WINDOWS: Record<string, string> = {
  BEFORE: 'Prima',
  DURING: 'Durante',
  AFTER: 'Dopo',
};

export const CAMPAIGN_ACTIONS: Record<string, string> = {
  create: 'creata',
  edit: 'modificata',
  submit: 'inviata in approvazione',
  approve: 'approvata',
  reject: 'respinta',
  schedule: 'programmata',
  unschedule: 'tolta dalla programmazione',
  launch: 'avviata',
  pause: 'sospesa',
  resume: 'ripresa',
  complete: 'conclusa',
  archive: 'archiviata',
};
