import type { ObstacleKey } from './applicability.ts';
import type { MessageLanguage } from './findings-i18n.ts';
import type { InstrumentId, MeasureId } from './legal.types.ts';

// Every sentence the legal-basis advisor writes, in the languages the API answers in. Keys are stable;
// `{param}` placeholders are the same in every language (test/unit/legal/advisor-i18n.test.ts). The
// English templates give exactly the sentences the advisor wrote before it spoke other languages.
// Citations, state codes, dates and the "[unverified]" mark are inserted as they are.

const EN = {
  'reason.both-bound': '{requesting} and {requested} are both bound by the {instrument}',
  'reason.covers': 'covers {measure} ({citation})',
  'reason.via-protocol':
    '{measure}: only if both states have ratified protocol {protocol} (ratifications not encoded)',
  'reason.replaces':
    'replaces the corresponding provisions of the {provisions} between the states it binds ({citation})',
  'reason.only-for': 'only for: {scope} ({citation})',
  'reason.network-24-7': 'urgent: use the 24/7 network contact point (ETS 185 Art. 35)',
  'reason.remark': '{text} ({citation})',
  'reason.obstacle': '{reason} ({citation})',
  'obstacle.not-in-force': 'the {instrument} applies from {date}',
  'obstacle.not-bilateral-pair': 'the {instrument} applies only between {counterpart} and its partner states',
  'obstacle.state-not-bound': '{state} not bound by the {instrument}: {description}',
  'obstacle.ceased-to-be-bound': '{state} ceased to be bound by the {instrument} after {date}',
  'obstacle.bound-only-from': '{state} is bound by the {instrument} only from {date}',
  'obstacle.bound-only-later': '{state} is bound by the {instrument} only from a later date',
  'obstacle.not-recorded-as-party':
    '{state} is not recorded as a party to the {instrument} (ratification status not encoded)',
  'obstacle.state-not-party': '{state} is not a party to the {instrument}',
  'obstacle.surrender-under-evidence-instrument':
    'surrender under an evidence-only instrument ({instrument})',
  'obstacle.evidence-under-surrender-instrument':
    'evidence measures under a surrender-only instrument ({instrument}): {measures}',
  'obstacle.measure-not-covered': 'the {instrument} does not cover: {measures}',
  'obstacle.offence-outside-scope': 'offence category {category} is outside the {instrument}: {scope}',
  'obstacle.replaced': 'replaced by the {by} between {requesting} and {requested} for these measures',
  'advisory.same-state':
    'Requesting and requested state are the same ({state}): no mutual legal assistance instrument applies; use domestic procedure',
  'advisory.no-applicable-instrument':
    'No instrument in the registry carries this request from {requesting} to {requested}; check bilateral treaties or a request on the basis of reciprocity',
  'advisory.network-24-7':
    'Urgent preservation or data request: contact the 24/7 network point of the requested state first, then send the formal request',
  'advisory.e-evidence-to-provider':
    'European Production/Preservation Orders go directly to the service provider’s designated establishment or legal representative in {requested}, not to its authorities',
  'dc.not-required': 'Dual criminality is not required for these measures',
  'dc.required':
    'Dual criminality may be checked: the requested state may refuse if the act is not an offence under its law',
  'dc.waived':
    'The offence category is on the list that waives the dual-criminality check if the maximum penalty in the requesting state is at least {months} months',
  'dc.not-listed':
    'Dual criminality may be checked: the offence category is not on the list that waives the check',
} as const satisfies Record<`${string}.${string}`, string>;

export type AdvisorMessageKey = keyof typeof EN;
type Catalogue = Record<AdvisorMessageKey, string>;

// Every obstacle of applicability.ts has its sentence (a compile error otherwise).
const obstacleKeysCovered: `obstacle.${ObstacleKey}` extends AdvisorMessageKey ? true : never = true;
void obstacleKeysCovered;

const FR: Catalogue = {
  'reason.both-bound': '{requesting} et {requested} sont tous deux liés par cet instrument ({instrument})',
  'reason.covers': 'couvre la mesure « {measure} » ({citation})',
  'reason.via-protocol':
    '« {measure} » : seulement si les deux États ont ratifié le protocole {protocol} (ratifications non enregistrées)',
  'reason.replaces':
    "remplace, entre les États qu'il lie, les dispositions correspondantes de : {provisions} ({citation})",
  'reason.only-for': 'uniquement pour : {scope} ({citation})',
  'reason.network-24-7': 'urgence : passer par le point de contact du réseau 24/7 (ETS 185 Art. 35)',
  'reason.remark': '{text} ({citation})',
  'reason.obstacle': '{reason} ({citation})',
  'obstacle.not-in-force': "{instrument} s'applique à partir du {date}",
  'obstacle.not-bilateral-pair': "{instrument} ne s'applique qu'entre {counterpart} et ses États partenaires",
  'obstacle.state-not-bound': "{state} n'est pas lié par cet instrument ({instrument}) : {description}",
  'obstacle.ceased-to-be-bound':
    "{state} a cessé d'être lié par cet instrument ({instrument}) après le {date}",
  'obstacle.bound-only-from': "{state} n'est lié par cet instrument ({instrument}) qu'à partir du {date}",
  'obstacle.bound-only-later': "{state} n'est lié par cet instrument ({instrument}) qu'à une date ultérieure",
  'obstacle.not-recorded-as-party':
    "{state} n'est pas enregistré comme partie à cet instrument ({instrument}) ; état des ratifications non enregistré",
  'obstacle.state-not-party': "{state} n'est pas partie à cet instrument ({instrument})",
  'obstacle.surrender-under-evidence-instrument':
    "remise demandée au titre d'un instrument limité à la preuve ({instrument})",
  'obstacle.evidence-under-surrender-instrument':
    "mesures de preuve demandées au titre d'un instrument limité à la remise ({instrument}) : {measures}",
  'obstacle.measure-not-covered': '{instrument} ne couvre pas : {measures}',
  'obstacle.offence-outside-scope':
    "la catégorie d'infraction « {category} » est hors du champ de cet instrument ({instrument}) : {scope}",
  'obstacle.replaced': 'remplacé par {by} entre {requesting} et {requested} pour ces mesures',
  'advisory.same-state':
    "L'État requérant et l'État requis sont identiques ({state}) : aucun instrument d'entraide judiciaire ne s'applique ; suivez la procédure nationale",
  'advisory.no-applicable-instrument':
    'Aucun instrument du registre ne permet de transmettre cette demande de {requesting} à {requested} ; vérifiez les traités bilatéraux ou envisagez une demande fondée sur la réciprocité',
  'advisory.network-24-7':
    "Demande urgente de conservation ou de données : contactez d'abord le point de contact du réseau 24/7 de l'État requis, puis envoyez la demande formelle",
  'advisory.e-evidence-to-provider':
    "Les injonctions européennes de production et de conservation sont adressées directement à l'établissement désigné ou au représentant légal du fournisseur de services ({requested}), et non aux autorités de cet État",
  'dc.not-required': "La double incrimination n'est pas exigée pour ces mesures",
  'dc.required':
    "La double incrimination peut être vérifiée : l'État requis peut refuser si le fait n'est pas une infraction selon son droit",
  'dc.waived':
    "La catégorie d'infraction figure sur la liste qui dispense du contrôle de la double incrimination si la peine maximale encourue dans l'État requérant est d'au moins {months} mois",
  'dc.not-listed':
    "La double incrimination peut être vérifiée : la catégorie d'infraction ne figure pas sur la liste qui dispense de ce contrôle",
};

const DE: Catalogue = {
  'reason.both-bound': '{requesting} und {requested} sind beide an dieses Instrument gebunden ({instrument})',
  'reason.covers': 'erfasst die Maßnahme „{measure}“ ({citation})',
  'reason.via-protocol':
    '„{measure}“: nur wenn beide Staaten das Protokoll {protocol} ratifiziert haben (Ratifikationen nicht erfasst)',
  'reason.replaces':
    'ersetzt zwischen den gebundenen Staaten die entsprechenden Bestimmungen von: {provisions} ({citation})',
  'reason.only-for': 'nur für: {scope} ({citation})',
  'reason.network-24-7': 'dringend: die Kontaktstelle des 24/7-Netzwerks nutzen (ETS 185 Art. 35)',
  'reason.remark': '{text} ({citation})',
  'reason.obstacle': '{reason} ({citation})',
  'obstacle.not-in-force': '{instrument} gilt ab dem {date}',
  'obstacle.not-bilateral-pair': '{instrument} gilt nur zwischen {counterpart} und seinen Partnerstaaten',
  'obstacle.state-not-bound': '{state} ist an dieses Instrument nicht gebunden ({instrument}): {description}',
  'obstacle.ceased-to-be-bound':
    '{state} ist nach dem {date} nicht mehr an dieses Instrument gebunden ({instrument})',
  'obstacle.bound-only-from': '{state} ist an dieses Instrument erst ab dem {date} gebunden ({instrument})',
  'obstacle.bound-only-later':
    '{state} ist an dieses Instrument erst zu einem späteren Zeitpunkt gebunden ({instrument})',
  'obstacle.not-recorded-as-party':
    '{state} ist nicht als Vertragspartei dieses Instruments erfasst ({instrument}); Ratifikationsstand nicht erfasst',
  'obstacle.state-not-party': '{state} ist nicht Vertragspartei dieses Instruments ({instrument})',
  'obstacle.surrender-under-evidence-instrument':
    'Übergabe auf Grundlage eines reinen Beweisinstruments ({instrument})',
  'obstacle.evidence-under-surrender-instrument':
    'Beweismaßnahmen auf Grundlage eines reinen Übergabeinstruments ({instrument}): {measures}',
  'obstacle.measure-not-covered': '{instrument} erfasst nicht: {measures}',
  'obstacle.offence-outside-scope':
    'die Deliktskategorie „{category}“ liegt außerhalb des Anwendungsbereichs dieses Instruments ({instrument}): {scope}',
  'obstacle.replaced': 'zwischen {requesting} und {requested} für diese Maßnahmen ersetzt durch {by}',
  'advisory.same-state':
    'Ersuchender und ersuchter Staat sind identisch ({state}): Kein Rechtshilfeinstrument ist anwendbar; wenden Sie das innerstaatliche Verfahren an',
  'advisory.no-applicable-instrument':
    'Kein Instrument im Register trägt dieses Ersuchen von {requesting} an {requested}; prüfen Sie bilaterale Verträge oder ein Ersuchen auf der Grundlage der Gegenseitigkeit',
  'advisory.network-24-7':
    'Dringendes Sicherungs- oder Datenersuchen: Wenden Sie sich zuerst an die Kontaktstelle des 24/7-Netzwerks des ersuchten Staates und senden Sie dann das förmliche Ersuchen',
  'advisory.e-evidence-to-provider':
    'Europäische Herausgabe- und Sicherungsanordnungen gehen unmittelbar an die benannte Niederlassung oder den Vertreter des Diensteanbieters ({requested}), nicht an die Behörden dieses Staates',
  'dc.not-required': 'Die beiderseitige Strafbarkeit ist für diese Maßnahmen nicht erforderlich',
  'dc.required':
    'Die beiderseitige Strafbarkeit kann geprüft werden: Der ersuchte Staat kann ablehnen, wenn die Tat nach seinem Recht nicht strafbar ist',
  'dc.waived':
    'Die Deliktskategorie steht auf der Liste, die von der Prüfung der beiderseitigen Strafbarkeit befreit, wenn die Höchststrafe im ersuchenden Staat mindestens {months} Monate beträgt',
  'dc.not-listed':
    'Die beiderseitige Strafbarkeit kann geprüft werden: Die Deliktskategorie steht nicht auf der Liste, die von der Prüfung befreit',
};

const ES: Catalogue = {
  'reason.both-bound':
    '{requesting} y {requested} están ambos vinculados por este instrumento ({instrument})',
  'reason.covers': 'cubre la medida «{measure}» ({citation})',
  'reason.via-protocol':
    '«{measure}»: solo si ambos Estados han ratificado el protocolo {protocol} (ratificaciones no registradas)',
  'reason.replaces':
    'sustituye, entre los Estados que vincula, las disposiciones correspondientes de: {provisions} ({citation})',
  'reason.only-for': 'solo para: {scope} ({citation})',
  'reason.network-24-7': 'urgente: utilice el punto de contacto de la Red 24/7 (ETS 185 Art. 35)',
  'reason.remark': '{text} ({citation})',
  'reason.obstacle': '{reason} ({citation})',
  'obstacle.not-in-force': '{instrument} se aplica a partir del {date}',
  'obstacle.not-bilateral-pair': '{instrument} solo se aplica entre {counterpart} y sus Estados socios',
  'obstacle.state-not-bound': '{state} no está vinculado por este instrumento ({instrument}): {description}',
  'obstacle.ceased-to-be-bound':
    '{state} dejó de estar vinculado por este instrumento ({instrument}) después del {date}',
  'obstacle.bound-only-from':
    '{state} solo está vinculado por este instrumento ({instrument}) a partir del {date}',
  'obstacle.bound-only-later':
    '{state} solo está vinculado por este instrumento ({instrument}) a partir de una fecha posterior',
  'obstacle.not-recorded-as-party':
    '{state} no consta como parte en este instrumento ({instrument}); estado de las ratificaciones no registrado',
  'obstacle.state-not-party': '{state} no es parte en este instrumento ({instrument})',
  'obstacle.surrender-under-evidence-instrument':
    'entrega solicitada al amparo de un instrumento solo de prueba ({instrument})',
  'obstacle.evidence-under-surrender-instrument':
    'medidas de prueba solicitadas al amparo de un instrumento solo de entrega ({instrument}): {measures}',
  'obstacle.measure-not-covered': '{instrument} no cubre: {measures}',
  'obstacle.offence-outside-scope':
    'la categoría de delito «{category}» está fuera del ámbito de este instrumento ({instrument}): {scope}',
  'obstacle.replaced': 'sustituido por {by} entre {requesting} y {requested} para estas medidas',
  'advisory.same-state':
    'El Estado requirente y el requerido son el mismo ({state}): no se aplica ningún instrumento de asistencia judicial mutua; siga el procedimiento nacional',
  'advisory.no-applicable-instrument':
    'Ningún instrumento del registro ampara esta solicitud de {requesting} a {requested}; compruebe los tratados bilaterales o una solicitud basada en la reciprocidad',
  'advisory.network-24-7':
    'Solicitud urgente de conservación o de datos: contacte primero con el punto de contacto de la Red 24/7 del Estado requerido y envíe después la solicitud formal',
  'advisory.e-evidence-to-provider':
    'Las órdenes europeas de producción y de conservación se dirigen directamente al establecimiento designado o al representante legal del proveedor de servicios ({requested}), no a las autoridades de ese Estado',
  'dc.not-required': 'La doble tipificación no se exige para estas medidas',
  'dc.required':
    'Puede verificarse la doble tipificación: el Estado requerido puede denegar si el hecho no es delito según su Derecho',
  'dc.waived':
    'La categoría de delito figura en la lista que exime del control de la doble tipificación si la pena máxima en el Estado requirente es de al menos {months} meses',
  'dc.not-listed':
    'Puede verificarse la doble tipificación: la categoría de delito no figura en la lista que exime del control',
};

const CATALOGUES: Record<MessageLanguage, Catalogue> = { en: EN, fr: FR, de: DE, es: ES };

/** Every advisor key with its template in `language` (the catalogue the tests walk). */
export function advisorCatalogue(language: MessageLanguage): Readonly<Record<AdvisorMessageKey, string>> {
  return CATALOGUES[language];
}

// Instrument names inside sentences: English keeps the registry's short title; other languages the
// names and abbreviations of their language versions.
const INSTRUMENT_NAMES: Record<Exclude<MessageLanguage, 'en'>, Record<InstrumentId, string>> = {
  fr: {
    eio: 'DEE',
    'e-evidence': 'Règlement (UE) 2023/1543 (preuves électroniques)',
    'coe-mla-1959': "Convention européenne d'entraide judiciaire en matière pénale de 1959",
    'eu-mla-2000': "Convention d'entraide judiciaire de l'UE de 2000",
    budapest: 'Convention de Budapest',
    'budapest-2ap': 'Deuxième Protocole additionnel à la Convention de Budapest',
    untoc: 'CTO (Palerme)',
    uncac: 'CNUCC',
    eaw: 'MAE',
    'coe-extradition-1957': "Convention européenne d'extradition de 1957",
    'us-uk-mlat': "Traité d'entraide États-Unis–Royaume-Uni",
    'us-eu-mla': "Accord d'entraide judiciaire UE–États-Unis",
  },
  de: {
    eio: 'EEA',
    'e-evidence': 'Verordnung (EU) 2023/1543 (E-Evidence)',
    'coe-mla-1959': 'Europäisches Übereinkommen über die Rechtshilfe in Strafsachen von 1959',
    'eu-mla-2000': 'EU-Rechtshilfeübereinkommen von 2000',
    budapest: 'Budapester Übereinkommen',
    'budapest-2ap': 'Zweites Zusatzprotokoll zum Budapester Übereinkommen',
    untoc: 'UNTOC (Palermo)',
    uncac: 'UNCAC',
    eaw: 'EuHb',
    'coe-extradition-1957': 'Europäisches Auslieferungsübereinkommen von 1957',
    'us-uk-mlat': 'Rechtshilfevertrag USA–Vereinigtes Königreich',
    'us-eu-mla': 'Rechtshilfeabkommen EU–USA',
  },
  es: {
    eio: 'OEI',
    'e-evidence': 'Reglamento (UE) 2023/1543 (pruebas electrónicas)',
    'coe-mla-1959': 'Convenio europeo de asistencia judicial en materia penal de 1959',
    'eu-mla-2000': 'Convenio de asistencia judicial en materia penal de la UE de 2000',
    budapest: 'Convenio de Budapest',
    'budapest-2ap': 'Segundo Protocolo adicional al Convenio de Budapest',
    untoc: 'UNTOC (Palermo)',
    uncac: 'CNUCC',
    eaw: 'ODE',
    'coe-extradition-1957': 'Convenio europeo de extradición de 1957',
    'us-uk-mlat': 'Tratado de asistencia judicial Estados Unidos–Reino Unido',
    'us-eu-mla': 'Acuerdo de asistencia judicial UE–Estados Unidos',
  },
};

// Measure names inside sentences (the web app's catalogue uses the same terms); English keeps the slug.
const MEASURE_NAMES: Record<Exclude<MessageLanguage, 'en'>, Record<MeasureId, string>> = {
  fr: {
    'hearing-witness': "audition d'un témoin, d'un expert ou d'une victime",
    'hearing-suspect': "audition d'un suspect ou d'une personne poursuivie",
    'search-seizure': 'perquisition et saisie',
    'banking-information': 'informations sur des comptes et opérations bancaires',
    'banking-monitoring': "suivi d'opérations bancaires",
    'subscriber-data': 'données relatives aux abonnés',
    'traffic-data': 'données relatives au trafic',
    'content-data': 'données de contenu stockées',
    interception: 'interception de télécommunications',
    preservation: 'conservation rapide de données informatiques stockées',
    'service-of-documents': "remise d'actes de procédure",
    'transfer-detained-person': "transfèrement temporaire d'une personne détenue",
    videoconference: 'audition par vidéoconférence',
    'covert-investigation': 'enquête discrète',
    'controlled-delivery': 'livraison surveillée',
    freezing: "gel d'éléments de preuve ou d'avoirs (mesure provisoire)",
    surrender: 'arrestation et remise (extradition)',
  },
  de: {
    'hearing-witness': 'Vernehmung von Zeugen, Sachverständigen oder Opfern',
    'hearing-suspect': 'Vernehmung von Beschuldigten',
    'search-seizure': 'Durchsuchung und Beschlagnahme',
    'banking-information': 'Auskünfte über Bankkonten und Bankgeschäfte',
    'banking-monitoring': 'Überwachung von Bankgeschäften',
    'subscriber-data': 'Bestandsdaten',
    'traffic-data': 'Verkehrsdaten',
    'content-data': 'gespeicherte Inhaltsdaten',
    interception: 'Überwachung der Telekommunikation',
    preservation: 'umgehende Sicherung gespeicherter Computerdaten',
    'service-of-documents': 'Zustellung von Verfahrensurkunden',
    'transfer-detained-person': 'zeitweilige Überstellung einer inhaftierten Person',
    videoconference: 'Vernehmung per Videokonferenz',
    'covert-investigation': 'verdeckte Ermittlungen',
    'controlled-delivery': 'kontrollierte Lieferung',
    freezing: 'Sicherstellung von Beweismitteln oder Vermögenswerten (vorläufige Maßnahme)',
    surrender: 'Festnahme und Übergabe (Auslieferung)',
  },
  es: {
    'hearing-witness': 'declaración de un testigo, perito o víctima',
    'hearing-suspect': 'declaración de un sospechoso o investigado',
    'search-seizure': 'registro e incautación',
    'banking-information': 'información sobre cuentas y operaciones bancarias',
    'banking-monitoring': 'seguimiento de operaciones bancarias',
    'subscriber-data': 'datos de abonado',
    'traffic-data': 'datos de tráfico',
    'content-data': 'datos de contenido almacenados',
    interception: 'intervención de telecomunicaciones',
    preservation: 'conservación rápida de datos informáticos almacenados',
    'service-of-documents': 'notificación de documentos procesales',
    'transfer-detained-person': 'traslado temporal de una persona detenida',
    videoconference: 'declaración por videoconferencia',
    'covert-investigation': 'investigación encubierta',
    'controlled-delivery': 'entrega vigilada',
    freezing: 'embargo preventivo de pruebas o bienes (medida provisional)',
    surrender: 'detención y entrega (extradición)',
  },
};

export function instrumentName(id: InstrumentId, shortTitle: string, language: MessageLanguage): string {
  return language === 'en' ? shortTitle : (INSTRUMENT_NAMES[language][id] ?? shortTitle);
}

export function measureName(id: string, language: MessageLanguage): string {
  return language === 'en' ? id : (MEASURE_NAMES[language][id as MeasureId] ?? id);
}

// Templates split once per language into text and parameter names (built lazily, then reused): the
// advisor writes a few dozen sentences per answer and must stay far below a millisecond.
type Compiled = readonly string[]; // even indexes: text; odd indexes: parameter names
const compiled: Record<MessageLanguage, Map<AdvisorMessageKey, Compiled>> = {
  en: new Map(),
  fr: new Map(),
  de: new Map(),
  es: new Map(),
};

function compile(template: string): Compiled {
  return template.split(/\{(\w+)\}/);
}

export function advisorMessage(
  language: MessageLanguage,
  key: AdvisorMessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const cache = compiled[language];
  let parts = cache.get(key);
  if (!parts) {
    parts = compile(CATALOGUES[language][key]);
    cache.set(key, parts);
  }
  let out = parts[0] ?? '';
  for (let k = 1; k < parts.length; k += 2) {
    const name = parts[k] as string;
    const value = params[name];
    out += (value === undefined ? `{${name}}` : String(value)) + (parts[k + 1] ?? '');
  }
  return out;
}
