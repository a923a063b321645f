import {
  FINDING_MESSAGES,
  type Finding,
  type FindingCode,
  formatMessage,
  PARAM_MESSAGES,
  type ParamMessageKey,
} from './findings.ts';
import { requiredContentLabel } from './registry-prose.ts';

// Finding messages in the languages the API answers in besides English. Same `{param}` placeholders
// as FINDING_MESSAGES. Params the validator writes itself carry `<name>Key` (PARAM_MESSAGES) and are
// rendered in the language too; required-content labels come from the registry's translations
// (data/prose-i18n.ts); other prose taken from the registry data (membership exceptions, scope
// descriptions inside `reason`) stays English. The web app translates by `messageKey` instead.

export const MESSAGE_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

const FR: Record<FindingCode, string> = {
  'same-state':
    "L'État requérant et l'État requis sont identiques ({state}) ; l'entraide judiciaire n'est pas nécessaire.",
  'unknown-state': 'État inconnu « {state} ».',
  'unknown-instrument': 'Instrument juridique inconnu « {instrumentId} ».',
  'unknown-measure': 'Mesure inconnue « {measure} ».',
  'unknown-offence-category': "Catégorie d'infraction inconnue « {category} ».",
  'kind-instrument-mismatch':
    'Une demande de type « {kind} » ne peut pas être faite au titre de : {instrument}.',
  'instrument-not-in-force': "{instrument} ne s'applique pas encore : {reason}.",
  'state-not-party': '{reason}.',
  'instrument-replaced':
    'Entre ces États, {replacedBy} remplace les dispositions correspondantes de : {instrument}.',
  'missing-content': 'Manquant : {label}.',
  'measure-not-covered': '{instrument} ne couvre pas la mesure « {measure} ».',
  'surrender-under-evidence-instrument':
    "La remise ne peut pas être demandée au titre de {instrument}, un instrument de preuve ; utilisez le MAE ou une convention d'extradition.",
  'evidence-under-surrender-instrument':
    'La mesure « {measure} » ne peut pas être demandée au titre de {instrument}, un instrument de remise.',
  'offence-outside-scope': "La catégorie d'infraction « {category} » est hors du champ de : {instrument}.",
  'language-not-accepted':
    "La langue « {language} » n'est pas acceptée par {state} au titre de {instrument} ; langues acceptées : {accepted}.",
  'dual-criminality-risk':
    "La double incrimination peut être vérifiée : {reason}. Confirmez que l'acte est punissable en {state}.",
  'below-penalty-threshold':
    'La peine maximale de {months} mois est inférieure aux {threshold} mois exigés par {instrument}.',
  'urgency-without-reasons': "La demande est marquée urgente mais n'indique pas les motifs de l'urgence.",
  'person-data-missing':
    "La mesure « {measure} » exige des données d'identité de la personne concernée : {problem}.",
  'person-role-mismatch':
    'La mesure « {measure} » concerne une personne de rôle {roles}, mais la personne est enregistrée comme « {role} ».',
};

const DE: Record<FindingCode, string> = {
  'same-state':
    'Ersuchender und ersuchter Staat sind identisch ({state}); Rechtshilfe ist nicht erforderlich.',
  'unknown-state': 'Unbekannter Staat „{state}“.',
  'unknown-instrument': 'Unbekanntes Rechtsinstrument „{instrumentId}“.',
  'unknown-measure': 'Unbekannte Maßnahme „{measure}“.',
  'unknown-offence-category': 'Unbekannte Deliktskategorie „{category}“.',
  'kind-instrument-mismatch': 'Ein Ersuchen der Art „{kind}“ kann nicht auf {instrument} gestützt werden.',
  'instrument-not-in-force': '{instrument} gilt noch nicht: {reason}.',
  'state-not-party': '{reason}.',
  'instrument-replaced':
    'Zwischen diesen Staaten ersetzt {replacedBy} die entsprechenden Bestimmungen von {instrument}.',
  'missing-content': 'Fehlt: {label}.',
  'measure-not-covered': '{instrument} erfasst die Maßnahme „{measure}“ nicht.',
  'surrender-under-evidence-instrument':
    'Eine Übergabe kann nicht auf {instrument} (ein Beweisinstrument) gestützt werden; nutzen Sie den EuHb oder ein Auslieferungsübereinkommen.',
  'evidence-under-surrender-instrument':
    'Die Maßnahme „{measure}“ kann nicht auf {instrument} (ein Übergabeinstrument) gestützt werden.',
  'offence-outside-scope':
    'Die Deliktskategorie „{category}“ liegt außerhalb des Anwendungsbereichs von {instrument}.',
  'language-not-accepted':
    'Die Sprache „{language}“ wird von {state} nach {instrument} nicht angenommen; angenommen: {accepted}.',
  'dual-criminality-risk':
    'Die beiderseitige Strafbarkeit kann geprüft werden: {reason}. Bestätigen Sie, dass die Tat in {state} strafbar ist.',
  'below-penalty-threshold':
    'Die Höchststrafe von {months} Monaten liegt unter den von {instrument} verlangten {threshold} Monaten.',
  'urgency-without-reasons':
    'Das Ersuchen ist als dringend markiert, nennt aber keine Gründe für die Dringlichkeit.',
  'person-data-missing':
    'Die Maßnahme „{measure}“ braucht Identitätsdaten der betroffenen Person: {problem}.',
  'person-role-mismatch':
    'Die Maßnahme „{measure}“ betrifft eine Person mit der Rolle {roles}, die Person ist aber als „{role}“ erfasst.',
};

const ES: Record<FindingCode, string> = {
  'same-state':
    'El Estado requirente y el requerido son el mismo ({state}); no se necesita asistencia judicial mutua.',
  'unknown-state': 'Estado desconocido «{state}».',
  'unknown-instrument': 'Instrumento jurídico desconocido «{instrumentId}».',
  'unknown-measure': 'Medida desconocida «{measure}».',
  'unknown-offence-category': 'Categoría de delito desconocida «{category}».',
  'kind-instrument-mismatch': 'Una solicitud del tipo «{kind}» no puede hacerse al amparo de {instrument}.',
  'instrument-not-in-force': '{instrument} aún no es aplicable: {reason}.',
  'state-not-party': '{reason}.',
  'instrument-replaced':
    'Entre estos Estados, {replacedBy} sustituye las disposiciones correspondientes de {instrument}.',
  'missing-content': 'Falta: {label}.',
  'measure-not-covered': '{instrument} no cubre la medida «{measure}».',
  'surrender-under-evidence-instrument':
    'La entrega no puede solicitarse al amparo de {instrument}, un instrumento de prueba; utilice la ODE o un convenio de extradición.',
  'evidence-under-surrender-instrument':
    'La medida «{measure}» no puede solicitarse al amparo de {instrument}, un instrumento de entrega.',
  'offence-outside-scope': 'La categoría de delito «{category}» está fuera del ámbito de {instrument}.',
  'language-not-accepted':
    '{state} no acepta la lengua «{language}» al amparo de {instrument}; lenguas aceptadas: {accepted}.',
  'dual-criminality-risk':
    'Puede verificarse la doble tipificación: {reason}. Confirme que el hecho es punible en {state}.',
  'below-penalty-threshold':
    'La pena máxima de {months} meses es inferior a los {threshold} meses que exige {instrument}.',
  'urgency-without-reasons':
    'La solicitud está marcada como urgente pero no indica los motivos de la urgencia.',
  'person-data-missing':
    'La medida «{measure}» requiere datos de identidad de la persona afectada: {problem}.',
  'person-role-mismatch':
    'La medida «{measure}» afecta a una persona con el papel {roles}, pero la persona figura como «{role}».',
};

const PARAMS: Record<Exclude<MessageLanguage, 'en'>, Record<ParamMessageKey, string>> = {
  fr: {
    'label.language': 'langue de la demande',
    'label.instrumentId': 'base juridique',
    'label.measures': 'mesures demandées',
    'problem.no-person': "aucune personne identifiée n'est liée à la mesure",
    'problem.no-such-person': "la personne {personIndex} n'existe pas",
    'problem.unidentified': "ni nom ni identifiant n'est indiqué",
    'dc.no-list': "{instrument} n'a pas de liste d'infractions qui dispense de ce contrôle",
    'dc.below-threshold':
      "la catégorie ne dispense du contrôle qu'avec une peine maximale d'au moins {threshold} mois dans l'État d'émission",
    'dc.not-listed': "l'infraction ne relève pas d'une catégorie de la liste",
  },
  de: {
    'label.language': 'Sprache des Ersuchens',
    'label.instrumentId': 'Rechtsgrundlage',
    'label.measures': 'ersuchte Maßnahmen',
    'problem.no-person': 'mit der Maßnahme ist keine identifizierte Person verknüpft',
    'problem.no-such-person': 'Person {personIndex} gibt es nicht',
    'problem.unidentified': 'weder Name noch Kennung angegeben',
    'dc.no-list': '{instrument} hat keine Deliktsliste, die von der Prüfung befreit',
    'dc.below-threshold':
      'die Kategorie befreit von der Prüfung nur bei einer Höchststrafe von mindestens {threshold} Monaten im Anordnungsstaat',
    'dc.not-listed': 'die Tat gehört zu keiner Listenkategorie',
  },
  es: {
    'label.language': 'lengua de la solicitud',
    'label.instrumentId': 'base jurídica',
    'label.measures': 'medidas solicitadas',
    'problem.no-person': 'ninguna persona identificada está vinculada a la medida',
    'problem.no-such-person': 'la persona {personIndex} no existe',
    'problem.unidentified': 'no se indica ni nombre ni identificador',
    'dc.no-list': '{instrument} no tiene una lista de delitos que exima del control',
    'dc.below-threshold':
      'la categoría solo exime del control con una pena máxima de al menos {threshold} meses en el Estado de emisión',
    'dc.not-listed': 'el delito no pertenece a una categoría de la lista',
  },
};

/** Every message key with its text in each language (the catalogue the tests walk). */
export function messageCatalogue(language: MessageLanguage): Record<string, string> {
  const params: Record<string, string> = language === 'en' ? { ...PARAM_MESSAGES } : { ...PARAMS[language] };
  return {
    ...Object.fromEntries(Object.entries(CATALOGUES[language]).map(([k, v]) => [`findings.${k}`, v])),
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [`params.${k}`, v])),
  };
}

const isParamKey = (key: unknown): key is ParamMessageKey =>
  typeof key === 'string' && Object.hasOwn(PARAM_MESSAGES, key);

const CATALOGUES: Record<MessageLanguage, Record<FindingCode, string>> = {
  en: FINDING_MESSAGES,
  fr: FR,
  de: DE,
  es: ES,
};

export const isMessageLanguage = (l: string | undefined): l is MessageLanguage =>
  l !== undefined && (MESSAGE_LANGUAGES as readonly string[]).includes(l);

/** The finding with its message in `language` (English when there is no catalogue for it). */
export function localiseFinding(f: Finding, language: MessageLanguage): Finding {
  if (language === 'en') return f;
  const params: Record<string, string | number> = { ...f.params };
  for (const [name, key] of Object.entries(f.params)) {
    if (!name.endsWith('Key') || !isParamKey(key)) continue;
    params[name.slice(0, -'Key'.length)] = formatMessage(PARAMS[language][key], f.params);
  }
  if (f.code === 'missing-content' && typeof f.params.label === 'string' && f.params.labelKey === undefined)
    params.label = requiredContentLabel(f.params.label, language).text;
  return { ...f, message: formatMessage(CATALOGUES[language][f.code], params) };
}

/** The first language of an Accept-Language header we have messages for. */
export function pickLanguage(
  acceptLanguage: string | undefined,
  fallback: MessageLanguage = 'en',
): MessageLanguage {
  if (!acceptLanguage) return fallback;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const hit = ranked.find((x) => isMessageLanguage(x.lang))?.lang;
  return isMessageLanguage(hit) ? hit : fallback;
}
