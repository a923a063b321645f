import type { InstrumentId, StateCode } from '../legal.types.ts';

// Translations of the registry's prose into the other languages the API answers in (fr, de, es):
// labels of required contents, refusal grounds, channel rules, membership exceptions, subject scopes
// and the names of replaced conventions. Each entry repeats the English text it translates (`en`):
// a translation is used only while the instrument's text is still that English (an administrator's
// edit makes the entry stale, and the English original is shown, marked, until this file follows).
// Terms follow the official language versions where the instrument has them (EIO Dir. 2014/41/EU,
// EAW FD 2002/584/JHA, Reg. (EU) 2023/1543, ETS 030/024/185 in French, UNTOC/UNCAC in French and
// Spanish); German for Council of Europe and UN texts follows the usual translations. These are
// labels, not the provisions: the citation next to each one says where the rule is. Prose not listed
// here (remarks, execution pace, deadline conditions) is answered in English and marked so.

export interface ProseTranslation {
  readonly en: string;
  readonly fr: string;
  readonly de: string;
  readonly es: string;
}

export interface InstrumentProse {
  readonly requiredContents?: Readonly<Record<string, ProseTranslation>>;
  readonly refusalGrounds?: Readonly<Record<string, ProseTranslation>>;
  readonly channelRules?: Readonly<Record<string, ProseTranslation>>;
  readonly exceptions?: Readonly<Partial<Record<StateCode, ProseTranslation>>>;
  readonly subjectScope?: ProseTranslation;
  /** `replaces[].provisions`, by the replaced instrument. */
  readonly replaces?: Readonly<Partial<Record<InstrumentId, ProseTranslation>>>;
}

type Tr = ProseTranslation;

// --- shared labels ---------------------------------------------------------------------------------

const IMMUNITY: Tr = {
  en: 'Immunity, privilege or press-freedom rules',
  fr: 'Immunité, privilège ou règles relatives à la liberté de la presse',
  de: 'Immunität, Vorrecht oder Regeln zur Pressefreiheit',
  es: 'Inmunidad, privilegio o normas sobre la libertad de prensa',
};
const NE_BIS: Tr = {
  en: 'Contrary to ne bis in idem',
  fr: 'Contraire au principe ne bis in idem',
  de: 'Verstoß gegen den Grundsatz ne bis in idem',
  es: 'Contrario al principio ne bis in idem',
};
const ESSENTIAL_INTERESTS: Tr = {
  en: 'Sovereignty, security, ordre public or other essential interests',
  fr: 'Souveraineté, sécurité, ordre public ou autres intérêts essentiels',
  de: 'Hoheitsrechte, Sicherheit, öffentliche Ordnung (ordre public) oder andere wesentliche Interessen',
  es: 'Soberanía, seguridad, orden público u otros intereses esenciales',
};
const authority = (
  en: string,
  fr: string,
  de: string,
  es: string,
): Readonly<Record<string, ProseTranslation>> => {
  const parts = [
    ['name', 'name', 'nom', 'Name', 'nombre'],
    ['address', 'address', 'adresse', 'Anschrift', 'dirección'],
    ['phone', 'phone', 'téléphone', 'Telefon', 'teléfono'],
    ['email', 'email', 'courrier électronique', 'E-Mail', 'correo electrónico'],
  ] as const;
  return Object.fromEntries(
    parts.map(([id, pen, pfr, pde, pes]) => [
      `issuing-authority-${id}`,
      { en: `${en}: ${pen}`, fr: `${fr} : ${pfr}`, de: `${de}: ${pde}`, es: `${es}: ${pes}` },
    ]),
  );
};

// CoE 1959 Art. 14 (the French text is authentic); the EU 2000 Convention supplements it.
const COE_1959_CONTENTS: Readonly<Record<string, ProseTranslation>> = {
  'requesting-authority': {
    en: 'Authority making the request',
    fr: 'Autorité dont émane la demande',
    de: 'Behörde, von der das Ersuchen ausgeht',
    es: 'Autoridad de la que emana la solicitud',
  },
  'object-and-reason': {
    en: 'Object of and reason for the request',
    fr: 'Objet et motif de la demande',
    de: 'Gegenstand und Grund des Ersuchens',
    es: 'Objeto y motivo de la solicitud',
  },
  'person-identity-nationality': {
    en: 'Identity and nationality of the person concerned, where possible',
    fr: 'Dans la mesure du possible, identité et nationalité de la personne en cause',
    de: 'Soweit möglich, Identität und Staatsangehörigkeit der betroffenen Person',
    es: 'En lo posible, identidad y nacionalidad de la persona de que se trate',
  },
  'addressee-name-address': {
    en: 'Name and address of the person to be served',
    fr: 'Nom et adresse du destinataire',
    de: 'Name und Anschrift des Zustellungsempfängers',
    es: 'Nombre y dirección del destinatario',
  },
  'offence-and-facts': {
    en: 'Offence and summary of the facts (letters rogatory under Arts 3-5)',
    fr: 'Inculpation et exposé sommaire des faits (commissions rogatoires visées aux art. 3 à 5)',
    de: 'Strafbare Handlung und kurze Sachverhaltsdarstellung (Rechtshilfeersuchen nach Art. 3 bis 5)',
    es: 'Delito y exposición sumaria de los hechos (comisiones rogatorias de los arts. 3 a 5)',
  },
};

// UNTOC Art. 18(15), UNCAC Art. 46(15) (French and Spanish texts are authentic).
const UN_CONTENTS: Readonly<Record<string, ProseTranslation>> = {
  'requesting-authority': {
    en: 'Identity of the authority making the request',
    fr: "Désignation de l'autorité dont émane la demande",
    de: 'Bezeichnung der Behörde, von der das Ersuchen ausgeht',
    es: 'Identidad de la autoridad que hace la solicitud',
  },
  'subject-matter-and-nature': {
    en: 'Subject matter and nature of the investigation, prosecution or proceedings, and the conducting authority',
    fr: "Objet et nature de l'enquête, des poursuites ou de la procédure judiciaire, et autorité qui en est chargée",
    de: 'Gegenstand und Art der Ermittlung, der Strafverfolgung oder des Gerichtsverfahrens und die durchführende Behörde',
    es: 'Objeto e índole de las investigaciones, los procesos o las actuaciones judiciales, y autoridad encargada',
  },
  'facts-summary': {
    en: 'Summary of the relevant facts (not for service of documents)',
    fr: 'Résumé des faits pertinents (sauf pour la signification de documents judiciaires)',
    de: 'Zusammenfassende Sachverhaltsdarstellung (nicht bei Zustellung gerichtlicher Schriftstücke)',
    es: 'Resumen de los hechos pertinentes (salvo para la presentación de documentos judiciales)',
  },
  'assistance-sought': {
    en: 'Description of the assistance sought and any particular procedure',
    fr: "Description de l'assistance requise et de toute procédure particulière",
    de: 'Beschreibung der erbetenen Rechtshilfe und etwaiger besonderer Verfahren',
    es: 'Descripción de la asistencia solicitada y de cualquier procedimiento particular',
  },
  'person-identity': {
    en: 'Identity, location and nationality of any person concerned, where possible',
    fr: 'Si possible, identité, adresse et nationalité de toute personne visée',
    de: 'Soweit möglich, Identität, Aufenthaltsort und Staatsangehörigkeit jeder betroffenen Person',
    es: 'De ser posible, identidad, ubicación y nacionalidad de toda persona interesada',
  },
  purpose: {
    en: 'Purpose for which the evidence, information or action is sought',
    fr: 'But dans lequel le témoignage, les informations ou les mesures sont demandés',
    de: 'Zweck, zu dem die Beweismittel, Informationen oder Maßnahmen erbeten werden',
    es: 'Finalidad para la que se solicita la prueba, información o actuación',
  },
};
const UN_GROUNDS: Readonly<Record<string, ProseTranslation>> = {
  request_not_conforming: {
    en: 'Request not made in conformity with the article',
    fr: "Demande non conforme aux dispositions de l'article",
    de: 'Ersuchen entspricht nicht den Bestimmungen des Artikels',
    es: 'Solicitud no formulada conforme a lo dispuesto en el artículo',
  },
  essential_interests: ESSENTIAL_INTERESTS,
  domestic_law_prohibits: {
    en: 'Domestic law would prohibit the action for a similar domestic offence',
    fr: 'Le droit interne interdirait la mesure pour une infraction analogue relevant de sa compétence',
    de: 'Das innerstaatliche Recht verböte die Maßnahme bei einer vergleichbaren innerstaatlichen Straftat',
    es: 'El derecho interno prohibiría la actuación respecto de un delito análogo de su competencia',
  },
  contrary_to_legal_system: {
    en: 'Contrary to the legal system of the requested Party',
    fr: "Contraire au système juridique de l'État Partie requis",
    de: 'Widerspricht der Rechtsordnung des ersuchten Vertragsstaats',
    es: 'Contrario al ordenamiento jurídico del Estado Parte requerido',
  },
  dual_criminality: {
    en: 'Absence of dual criminality (discretionary)',
    fr: 'Absence de double incrimination (facultatif)',
    de: 'Fehlende beiderseitige Strafbarkeit (nach Ermessen)',
    es: 'Ausencia de doble incriminación (facultativo)',
  },
};
const unChannels = (prefix: 'untoc' | 'uncac'): Readonly<Record<string, ProseTranslation>> => ({
  [`${prefix}-central-authority`]: {
    en: 'Central authority designated by each Party',
    fr: 'Autorité centrale désignée par chaque État Partie',
    de: 'Von jedem Vertragsstaat bestimmte zentrale Behörde',
    es: 'Autoridad central designada por cada Estado Parte',
  },
  [`${prefix}-interpol`]: {
    en: 'Urgent: through Interpol, where the Parties agree',
    fr: "Urgence : par l'intermédiaire d'Interpol, si les États Parties en conviennent",
    de: 'Dringend: über Interpol, sofern die Vertragsstaaten dies vereinbaren',
    es: 'Urgente: por conducto de Interpol, si los Estados Parte así lo convienen',
  },
});

// --- per instrument --------------------------------------------------------------------------------

export const PROSE: Readonly<Partial<Record<InstrumentId, InstrumentProse>>> = {
  eio: {
    requiredContents: {
      ...authority('Issuing authority', "Autorité d'émission", 'Anordnungsbehörde', 'Autoridad de emisión'),
      'validating-authority': {
        en: 'Validating authority, when the issuer is not a judicial authority',
        fr: "Autorité de validation, lorsque l'autorité d'émission n'est pas une autorité judiciaire",
        de: 'Validierende Behörde, wenn die Anordnungsbehörde keine Justizbehörde ist',
        es: 'Autoridad de validación, cuando la autoridad de emisión no sea una autoridad judicial',
      },
      'subject-matter-and-reasons': {
        en: 'Subject matter of and reasons for the EIO',
        fr: "Objet et motifs de la décision d'enquête européenne",
        de: 'Gegenstand der EEA und Gründe für die EEA',
        es: 'Objeto y motivos de la OEI',
      },
      'persons-concerned': {
        en: 'Available information on the persons concerned',
        fr: 'Informations disponibles sur la ou les personnes concernées',
        de: 'Verfügbare Informationen über die betreffende(n) Person(en)',
        es: 'Información disponible sobre la persona o personas afectadas',
      },
      'offence-and-criminal-law': {
        en: 'Criminal act and applicable criminal-law provisions',
        fr: 'Acte pénal et dispositions applicables du droit pénal',
        de: 'Strafbare Handlung und anwendbare Bestimmungen des Strafrechts',
        es: 'Acto delictivo y disposiciones aplicables del Derecho penal',
      },
      'measures-and-evidence': {
        en: 'Investigative measures requested and evidence to be obtained',
        fr: "Mesures d'enquête demandées et preuves à obtenir",
        de: 'Erbetene Ermittlungsmaßnahmen und zu erlangende Beweismittel',
        es: 'Medidas de investigación solicitadas y pruebas que se deben obtener',
      },
      'type-of-proceedings': {
        en: 'Type of proceedings (Art. 4)',
        fr: 'Type de procédure (art. 4)',
        de: 'Art des Verfahrens (Art. 4)',
        es: 'Tipo de procedimiento (art. 4)',
      },
      'signature-certification': {
        en: 'Form signed and content certified accurate by the issuing authority',
        fr: "Formulaire signé et contenu certifié exact par l'autorité d'émission",
        de: 'Formblatt von der Anordnungsbehörde unterzeichnet und inhaltlich als richtig bestätigt',
        es: 'Formulario firmado y contenido certificado como exacto por la autoridad de emisión',
      },
    },
    refusalGrounds: {
      immunity_privilege_press: IMMUNITY,
      national_security: {
        en: 'Harm to essential national security interests',
        fr: 'Atteinte aux intérêts nationaux essentiels en matière de sécurité',
        de: 'Beeinträchtigung wesentlicher nationaler Sicherheitsinteressen',
        es: 'Perjuicio a intereses esenciales de seguridad nacional',
      },
      non_criminal_not_authorised: {
        en: 'Non-criminal proceedings: measure not authorised domestically',
        fr: 'Procédure non pénale : mesure non autorisée en droit interne',
        de: 'Nichtstrafrechtliches Verfahren: Maßnahme im innerstaatlichen Recht nicht zulässig',
        es: 'Procedimiento no penal: medida no autorizada en el Derecho interno',
      },
      ne_bis_in_idem: NE_BIS,
      territoriality: {
        en: 'Committed outside the issuing state and in the executing state, not an offence there',
        fr: "Commis hors de l'État d'émission et sur le territoire de l'État d'exécution, où ce n'est pas une infraction",
        de: 'Außerhalb des Anordnungsstaats und im Hoheitsgebiet des Vollstreckungsstaats begangen, dort nicht strafbar',
        es: 'Cometido fuera del Estado de emisión y en el territorio del Estado de ejecución, donde no es delito',
      },
      fundamental_rights: {
        en: 'Incompatible with Art. 6 TEU and the Charter',
        fr: "Incompatible avec l'art. 6 TUE et la Charte",
        de: 'Unvereinbar mit Art. 6 EUV und der Charta',
        es: 'Incompatible con el art. 6 TUE y la Carta',
      },
      dual_criminality: {
        en: 'Not an offence in the executing state (unless an Annex D category punishable by at least 3 years)',
        fr: "Fait non constitutif d'une infraction dans l'État d'exécution (sauf catégorie de l'annexe D punie d'au moins 3 ans)",
        de: 'Im Vollstreckungsstaat nicht strafbar (außer Kategorie nach Anhang D mit einer Höchststrafe von mindestens 3 Jahren)',
        es: 'No constituye delito en el Estado de ejecución (salvo categoría del anexo D castigada con al menos 3 años)',
      },
      measure_restricted_list_threshold: {
        en: 'Measure restricted to a list or threshold of offences in the executing state',
        fr: "Mesure réservée, dans l'État d'exécution, à une liste d'infractions ou à un seuil de peine",
        de: 'Maßnahme im Vollstreckungsstaat auf eine Liste von Straftaten oder eine Strafschwelle beschränkt',
        es: 'Medida limitada en el Estado de ejecución a una lista de delitos o a un umbral de pena',
      },
    },
    channelRules: {
      'eio-direct': {
        en: 'Directly from issuing to executing authority; a central authority only where the state designated one',
        fr: "Directement de l'autorité d'émission à l'autorité d'exécution ; par une autorité centrale seulement si l'État en a désigné une",
        de: 'Unmittelbar von der Anordnungs- an die Vollstreckungsbehörde; über eine zentrale Behörde nur, wenn der Staat eine benannt hat',
        es: 'Directamente de la autoridad de emisión a la de ejecución; a través de una autoridad central solo si el Estado la ha designado',
      },
    },
    exceptions: {
      DK: {
        en: 'Denmark is not bound by the EIO Directive',
        fr: "Le Danemark n'est pas lié par la directive relative à la décision d'enquête européenne",
        de: 'Dänemark ist durch die Richtlinie über die Europäische Ermittlungsanordnung nicht gebunden',
        es: 'Dinamarca no está vinculada por la Directiva relativa a la orden europea de investigación',
      },
      IE: {
        en: 'Ireland is not bound by the EIO Directive',
        fr: "L'Irlande n'est pas liée par la directive relative à la décision d'enquête européenne",
        de: 'Irland ist durch die Richtlinie über die Europäische Ermittlungsanordnung nicht gebunden',
        es: 'Irlanda no está vinculada por la Directiva relativa a la orden europea de investigación',
      },
    },
    replaces: {
      'coe-mla-1959': {
        en: 'CoE 1959 Convention and its Protocols',
        fr: "Convention du Conseil de l'Europe de 1959 et ses protocoles",
        de: 'Europaratsübereinkommen von 1959 und seine Protokolle',
        es: 'Convenio del Consejo de Europa de 1959 y sus Protocolos',
      },
      'eu-mla-2000': {
        en: 'EU 2000 Convention and its 2001 Protocol',
        fr: "Convention de l'UE de 2000 et son protocole de 2001",
        de: 'EU-Übereinkommen von 2000 und sein Protokoll von 2001',
        es: 'Convenio de la UE de 2000 y su Protocolo de 2001',
      },
    },
  },
  'e-evidence': {
    requiredContents: {
      ...authority('Issuing authority', "Autorité d'émission", 'Anordnungsbehörde', 'Autoridad de emisión'),
      'data-category-and-items': {
        en: 'Data category, data items, time range and user identifiers',
        fr: "Catégorie de données, données demandées, période et identifiants de l'utilisateur",
        de: 'Datenkategorie, angeforderte Daten, Zeitraum und Nutzerkennungen',
        es: 'Categoría de datos, datos solicitados, período e identificadores del usuario',
      },
      'offence-and-legal-basis': {
        en: 'Offence, its legal classification and maximum penalty',
        fr: 'Infraction, sa qualification juridique et la peine maximale',
        de: 'Straftat, ihre rechtliche Würdigung und Höchststrafe',
        es: 'Delito, su calificación jurídica y pena máxima',
      },
      'necessity-proportionality': {
        en: 'Grounds for necessity and proportionality',
        fr: 'Motifs de nécessité et de proportionnalité',
        de: 'Gründe für die Notwendigkeit und Verhältnismäßigkeit',
        es: 'Motivos de necesidad y proporcionalidad',
      },
      'enforcing-authority-notification': {
        en: 'Whether the enforcing authority is notified (traffic and content data)',
        fr: "Notification ou non de l'autorité chargée de l'exécution (données relatives au trafic et de contenu)",
        de: 'Ob die Vollstreckungsbehörde unterrichtet wird (Verkehrs- und Inhaltsdaten)',
        es: 'Si se notifica a la autoridad de ejecución (datos de tráfico y de contenido)',
      },
    },
    refusalGrounds: {
      immunity_privilege_press: IMMUNITY,
      fundamental_rights_manifest: {
        en: 'Manifest breach of a fundamental right',
        fr: "Violation manifeste d'un droit fondamental",
        de: 'Offensichtliche Verletzung eines Grundrechts',
        es: 'Vulneración manifiesta de un derecho fundamental',
      },
      ne_bis_in_idem: NE_BIS,
      dual_criminality: {
        en: 'Not an offence in the enforcing state (unless an Annex IV offence punishable by at least 3 years)',
        fr: "Fait non constitutif d'une infraction dans l'État chargé de l'exécution (sauf infraction de l'annexe IV punie d'au moins 3 ans)",
        de: 'Im Vollstreckungsstaat nicht strafbar (außer Straftat nach Anhang IV mit einer Höchststrafe von mindestens 3 Jahren)',
        es: 'No constituye delito en el Estado de ejecución (salvo delito del anexo IV castigado con al menos 3 años)',
      },
    },
    channelRules: {
      'epoc-to-provider': {
        en: 'Order sent directly to the service provider’s designated establishment or legal representative',
        fr: "Injonction adressée directement à l'établissement désigné ou au représentant légal du fournisseur de services",
        de: 'Anordnung unmittelbar an die benannte Niederlassung oder den Vertreter des Diensteanbieters',
        es: 'Orden enviada directamente al establecimiento designado o al representante legal del proveedor de servicios',
      },
      'epoc-it-system': {
        en: 'All written exchanges through the decentralised IT system',
        fr: 'Toutes les communications écrites passent par le système informatique décentralisé',
        de: 'Alle schriftlichen Mitteilungen über das dezentrale IT-System',
        es: 'Todas las comunicaciones escritas a través del sistema informático descentralizado',
      },
    },
    exceptions: {
      DK: {
        en: 'Denmark is not bound by the e-Evidence Regulation',
        fr: "Le Danemark n'est pas lié par le règlement relatif aux preuves électroniques",
        de: 'Dänemark ist durch die Verordnung über elektronische Beweismittel nicht gebunden',
        es: 'Dinamarca no está vinculada por el Reglamento sobre pruebas electrónicas',
      },
    },
  },
  'coe-mla-1959': {
    requiredContents: COE_1959_CONTENTS,
    refusalGrounds: {
      political_or_fiscal_offence: {
        en: 'Political offence, offence connected with one, or fiscal offence',
        fr: 'Infraction politique, infraction connexe à une infraction politique ou infraction fiscale',
        de: 'Politische, mit einer solchen zusammenhängende oder fiskalische strafbare Handlung',
        es: 'Delito político, delito conexo con un delito político o delito fiscal',
      },
      essential_interests: ESSENTIAL_INTERESTS,
      dual_criminality_reservation: {
        en: 'Reservation: search and seizure only for offences punishable in both Parties',
        fr: 'Réserve : perquisition et saisie seulement pour des infractions punissables selon la loi des deux Parties',
        de: 'Vorbehalt: Durchsuchung und Beschlagnahme nur bei Straftaten, die nach dem Recht beider Vertragsparteien strafbar sind',
        es: 'Reserva: registro e incautación solo por delitos punibles según la ley de ambas Partes',
      },
    },
    channelRules: {
      'coe-1959-moj': {
        en: 'Ministry of Justice to Ministry of Justice',
        fr: 'De ministère de la Justice à ministère de la Justice',
        de: 'Von Justizministerium zu Justizministerium',
        es: 'De Ministerio de Justicia a Ministerio de Justicia',
      },
      'coe-1959-urgent-direct': {
        en: 'Urgent: directly between judicial authorities (copy via the Ministry of Justice) or via Interpol',
        fr: 'Urgence : directement entre autorités judiciaires (copie par le ministère de la Justice) ou par Interpol',
        de: 'Dringend: unmittelbar zwischen den Justizbehörden (Abschrift über das Justizministerium) oder über Interpol',
        es: 'Urgente: directamente entre autoridades judiciales (copia a través del Ministerio de Justicia) o por Interpol',
      },
      'coe-1959-p2-direct': {
        en: 'Between ETS 182 Parties: Ministry of Justice or direct judicial channel (replaces Art. 15)',
        fr: "Entre Parties au STE n° 182 : ministère de la Justice ou voie judiciaire directe (remplace l'art. 15)",
        de: 'Zwischen Vertragsparteien von SEV Nr. 182: Justizministerium oder unmittelbarer Geschäftsweg zwischen Justizbehörden (ersetzt Art. 15)',
        es: 'Entre Partes del STE n.º 182: Ministerio de Justicia o vía judicial directa (sustituye al art. 15)',
      },
    },
  },
  'eu-mla-2000': {
    requiredContents: COE_1959_CONTENTS,
    refusalGrounds: {
      political_or_fiscal_offence: {
        en: 'Political or fiscal offence (ETS 030 Art. 2(a))',
        fr: 'Infraction politique ou fiscale (STE n° 030, art. 2, let. a)',
        de: 'Politische oder fiskalische strafbare Handlung (SEV Nr. 030, Art. 2 Buchst. a)',
        es: 'Delito político o fiscal (STE n.º 030, art. 2, letra a)',
      },
      essential_interests: {
        en: 'Essential interests (ETS 030 Art. 2(b))',
        fr: 'Intérêts essentiels (STE n° 030, art. 2, let. b)',
        de: 'Wesentliche Interessen (SEV Nr. 030, Art. 2 Buchst. b)',
        es: 'Intereses esenciales (STE n.º 030, art. 2, letra b)',
      },
    },
    channelRules: {
      'eu-2000-direct': {
        en: 'Directly between territorially competent judicial authorities; central authorities for detainee transfer and judicial-record notices',
        fr: 'Directement entre autorités judiciaires territorialement compétentes ; autorités centrales pour le transfèrement de détenus et les avis relatifs au casier judiciaire',
        de: 'Unmittelbar zwischen den örtlich zuständigen Justizbehörden; zentrale Behörden für die Überstellung inhaftierter Personen und Strafnachrichten',
        es: 'Directamente entre autoridades judiciales territorialmente competentes; autoridades centrales para el traslado de detenidos y los avisos de antecedentes penales',
      },
      'eu-2000-urgent': {
        en: 'Urgent: via Interpol or a competent EU body',
        fr: "Urgence : par Interpol ou un organe compétent de l'Union",
        de: 'Dringend: über Interpol oder eine zuständige Stelle der Union',
        es: 'Urgente: a través de Interpol o de un órgano competente de la Unión',
      },
    },
  },
  budapest: {
    requiredContents: {
      'requesting-authority': {
        en: 'Authority seeking preservation',
        fr: 'Autorité qui demande la conservation',
        de: 'Behörde, die um Sicherung ersucht',
        es: 'Autoridad que solicita la conservación',
      },
      'offence-and-facts': {
        en: 'Offence under investigation and a brief summary of the facts',
        fr: "Infraction faisant l'objet de l'enquête et bref exposé des faits",
        de: 'Straftat, die Gegenstand der Ermittlungen ist, und kurze Sachverhaltsdarstellung',
        es: 'Delito objeto de la investigación y breve resumen de los hechos',
      },
      'data-link-custodian-necessity': {
        en: 'Data to be preserved, its link to the offence, custodian or location, and why preservation is necessary',
        fr: 'Données à conserver, leur lien avec l’infraction, gardien des données ou emplacement, et nécessité de la conservation',
        de: 'Zu sichernde Daten, ihr Zusammenhang mit der Straftat, Verwahrer oder Standort und Notwendigkeit der Sicherung',
        es: 'Datos que deben conservarse, su relación con el delito, custodio o ubicación, y necesidad de la conservación',
      },
      'intent-to-request-mla': {
        en: 'That a request for mutual assistance will follow',
        fr: "Le fait qu'une demande d'entraide suivra",
        de: 'Dass ein Rechtshilfeersuchen folgen wird',
        es: 'Que se presentará una solicitud de asistencia mutua',
      },
    },
    refusalGrounds: {
      political_offence: {
        en: 'Political offence (preservation)',
        fr: 'Infraction politique (conservation)',
        de: 'Politische Straftat (Sicherung)',
        es: 'Delito político (conservación)',
      },
      essential_interests: {
        en: 'Sovereignty, security, ordre public or other essential interests (preservation)',
        fr: 'Souveraineté, sécurité, ordre public ou autres intérêts essentiels (conservation)',
        de: 'Hoheitsrechte, Sicherheit, öffentliche Ordnung (ordre public) oder andere wesentliche Interessen (Sicherung)',
        es: 'Soberanía, seguridad, orden público u otros intereses esenciales (conservación)',
      },
      political_offence_disclosure: {
        en: 'Political offence (disclosure of preserved traffic data)',
        fr: 'Infraction politique (divulgation de données relatives au trafic conservées)',
        de: 'Politische Straftat (Weitergabe gesicherter Verkehrsdaten)',
        es: 'Delito político (revelación de datos de tráfico conservados)',
      },
      essential_interests_disclosure: {
        en: 'Essential interests (disclosure of preserved traffic data)',
        fr: 'Intérêts essentiels (divulgation de données relatives au trafic conservées)',
        de: 'Wesentliche Interessen (Weitergabe gesicherter Verkehrsdaten)',
        es: 'Intereses esenciales (revelación de datos de tráfico conservados)',
      },
      dual_criminality_reservation: {
        en: 'Reservation: dual criminality for preservation',
        fr: 'Réserve : double incrimination pour la conservation',
        de: 'Vorbehalt: beiderseitige Strafbarkeit für die Sicherung',
        es: 'Reserva: doble tipificación para la conservación',
      },
      general_refusal: {
        en: 'General MLA refusal grounds',
        fr: "Motifs généraux de refus de l'entraide",
        de: 'Allgemeine Gründe für die Ablehnung der Rechtshilfe',
        es: 'Motivos generales de denegación de la asistencia',
      },
    },
    channelRules: {
      'budapest-central-authority': {
        en: 'Central authorities (where no MLA treaty applies)',
        fr: "Autorités centrales (en l'absence de traité d'entraide applicable)",
        de: 'Zentrale Behörden (wenn kein Rechtshilfevertrag anwendbar ist)',
        es: 'Autoridades centrales (a falta de tratado de asistencia aplicable)',
      },
      'budapest-24-7': {
        en: '24/7 network: round-the-clock contact point for preservation, data and advice',
        fr: 'Réseau 24/7 : point de contact joignable 24 heures sur 24 pour la conservation, les données et les conseils',
        de: '24/7-Netzwerk: rund um die Uhr erreichbare Kontaktstelle für Sicherung, Daten und Beratung',
        es: 'Red 24/7: punto de contacto disponible las 24 horas para conservación, datos y asesoramiento',
      },
      'budapest-urgent-direct': {
        en: 'Urgent: directly between judicial authorities; by fax or e-mail',
        fr: 'Urgence : directement entre autorités judiciaires ; par télécopie ou courrier électronique',
        de: 'Dringend: unmittelbar zwischen Justizbehörden; per Telefax oder E-Mail',
        es: 'Urgente: directamente entre autoridades judiciales; por fax o correo electrónico',
      },
    },
    exceptions: {
      IE: {
        en: 'Ireland signed but has not ratified the Budapest Convention',
        fr: "L'Irlande a signé mais n'a pas ratifié la Convention de Budapest",
        de: 'Irland hat das Budapester Übereinkommen unterzeichnet, aber nicht ratifiziert',
        es: 'Irlanda ha firmado pero no ha ratificado el Convenio de Budapest',
      },
    },
  },
  'budapest-2ap': {
    channelRules: {
      'p2-direct-provider': {
        en: 'Order sent directly to a service provider in another Party (Art. 7)',
        fr: "Injonction adressée directement à un fournisseur de services sur le territoire d'une autre Partie (art. 7)",
        de: 'Anordnung unmittelbar an einen Diensteanbieter im Hoheitsgebiet einer anderen Vertragspartei (Art. 7)',
        es: 'Orden enviada directamente a un proveedor de servicios en el territorio de otra Parte (art. 7)',
      },
      'p2-emergency': {
        en: 'Emergency disclosure and emergency MLA via the 24/7 network',
        fr: "Divulgation d'urgence et entraide d'urgence par le réseau 24/7",
        de: 'Weitergabe in Notfällen und Rechtshilfe in Notfällen über das 24/7-Netzwerk',
        es: 'Revelación de emergencia y asistencia mutua de emergencia a través de la Red 24/7',
      },
    },
  },
  untoc: {
    requiredContents: UN_CONTENTS,
    refusalGrounds: UN_GROUNDS,
    channelRules: unChannels('untoc'),
    subjectScope: {
      en: 'Offences established under UNTOC and serious crime, transnational in nature and involving an organised criminal group (Art. 3)',
      fr: 'Infractions établies conformément à la Convention et infractions graves, de nature transnationale et impliquant un groupe criminel organisé (art. 3)',
      de: 'Nach dem Übereinkommen umschriebene Straftaten und schwere Straftaten grenzüberschreitender Art unter Beteiligung einer organisierten kriminellen Gruppe (Art. 3)',
      es: 'Delitos tipificados con arreglo a la Convención y delitos graves de carácter transnacional en los que participe un grupo delictivo organizado (art. 3)',
    },
  },
  uncac: {
    requiredContents: UN_CONTENTS,
    refusalGrounds: UN_GROUNDS,
    channelRules: unChannels('uncac'),
    subjectScope: {
      en: 'Offences established in accordance with UNCAC (Chapter III): corruption-related offences',
      fr: 'Infractions établies conformément à la Convention (chapitre III) : infractions liées à la corruption',
      de: 'Nach dem Übereinkommen (Kapitel III) umschriebene Straftaten: Korruptionsdelikte',
      es: 'Delitos tipificados con arreglo a la Convención (capítulo III): delitos relacionados con la corrupción',
    },
  },
  eaw: {
    requiredContents: {
      ...authority(
        'Issuing judicial authority',
        "Autorité judiciaire d'émission",
        'Ausstellende Justizbehörde',
        'Autoridad judicial emisora',
      ),
      'person-identity-nationality': {
        en: 'Identity and nationality of the requested person',
        fr: 'Identité et nationalité de la personne recherchée',
        de: 'Identität und Staatsangehörigkeit der gesuchten Person',
        es: 'Identidad y nacionalidad de la persona buscada',
      },
      'enforceable-decision': {
        en: 'Enforceable judgment, arrest warrant or other enforceable judicial decision',
        fr: "Jugement exécutoire, mandat d'arrêt ou toute autre décision judiciaire exécutoire",
        de: 'Vollstreckbares Urteil, Haftbefehl oder andere vollstreckbare justizielle Entscheidung',
        es: 'Sentencia firme, orden de detención o cualquier otra resolución judicial ejecutiva',
      },
      'offence-nature-classification': {
        en: 'Nature and legal classification of the offence',
        fr: "Nature et qualification légale de l'infraction",
        de: 'Art und rechtliche Würdigung der Straftat',
        es: 'Naturaleza y tipificación jurídica del delito',
      },
      circumstances: {
        en: 'Circumstances: time, place and degree of participation',
        fr: 'Circonstances : moment, lieu et degré de participation',
        de: 'Umstände: Tatzeit, Tatort und Grad der Tatbeteiligung',
        es: 'Circunstancias: momento, lugar y grado de participación',
      },
      penalty: {
        en: 'Penalty imposed, or prescribed scale of penalties',
        fr: 'Peine prononcée ou échelle de peines prévue',
        de: 'Verhängte Strafe oder gesetzlich vorgesehener Strafrahmen',
        es: 'Pena dictada o escala de penas establecida',
      },
      'other-consequences': {
        en: 'Other consequences of the offence, if possible',
        fr: "Dans la mesure du possible, autres conséquences de l'infraction",
        de: 'Soweit möglich, andere Folgen der Straftat',
        es: 'Si es posible, otras consecuencias del delito',
      },
    },
    refusalGrounds: {
      amnesty: {
        en: 'Offence covered by amnesty in the executing state',
        fr: "Infraction couverte par l'amnistie dans l'État membre d'exécution",
        de: 'Straftat fällt im Vollstreckungsmitgliedstaat unter eine Amnestie',
        es: 'Delito amnistiado en el Estado miembro de ejecución',
      },
      ne_bis_in_idem: {
        en: 'Finally judged for the same acts in a member state',
        fr: 'Personne définitivement jugée pour les mêmes faits par un État membre',
        de: 'Wegen derselben Handlung von einem Mitgliedstaat rechtskräftig abgeurteilt',
        es: 'Persona juzgada definitivamente por los mismos hechos por un Estado miembro',
      },
      under_age: {
        en: 'Person not criminally responsible by reason of age in the executing state',
        fr: "Personne pénalement irresponsable en raison de son âge selon le droit de l'État membre d'exécution",
        de: 'Person nach dem Recht des Vollstreckungsmitgliedstaats aufgrund ihres Alters strafrechtlich nicht verantwortlich',
        es: 'Persona penalmente irresponsable por razón de su edad según el Derecho del Estado miembro de ejecución',
      },
      dual_criminality: {
        en: 'Not an offence in the executing state (offences outside the Art. 2(2) list)',
        fr: "Fait non constitutif d'une infraction dans l'État membre d'exécution (infractions hors de la liste de l'art. 2, par. 2)",
        de: 'Im Vollstreckungsmitgliedstaat nicht strafbar (Straftaten außerhalb der Liste des Art. 2 Abs. 2)',
        es: 'No constituye delito en el Estado miembro de ejecución (delitos no incluidos en la lista del art. 2, apdo. 2)',
      },
      optional_grounds: {
        en: 'Other optional grounds, e.g. pending proceedings, trial in absentia',
        fr: 'Autres motifs facultatifs, p. ex. poursuites en cours, procès par défaut',
        de: 'Andere fakultative Gründe, z. B. anhängiges Verfahren, Abwesenheitsverfahren',
        es: 'Otros motivos facultativos, p. ej., procedimiento pendiente, juicio en rebeldía',
      },
    },
    channelRules: {
      'eaw-direct': {
        en: 'Issuing to executing judicial authority; SIS alert or Interpol when the location is unknown',
        fr: "De l'autorité judiciaire d'émission à l'autorité judiciaire d'exécution ; signalement SIS ou Interpol si le lieu où se trouve la personne est inconnu",
        de: 'Von der ausstellenden an die vollstreckende Justizbehörde; SIS-Ausschreibung oder Interpol, wenn der Aufenthaltsort unbekannt ist',
        es: 'De la autoridad judicial emisora a la autoridad judicial de ejecución; descripción en el SIS o Interpol si se desconoce el paradero',
      },
    },
    replaces: {
      'coe-extradition-1957': {
        en: 'European Convention on Extradition 1957 and its Protocols',
        fr: "Convention européenne d'extradition de 1957 et ses protocoles",
        de: 'Europäisches Auslieferungsübereinkommen von 1957 und seine Protokolle',
        es: 'Convenio europeo de extradición de 1957 y sus Protocolos',
      },
    },
  },
  'coe-extradition-1957': {
    requiredContents: {
      'conviction-or-warrant': {
        en: 'Conviction and sentence, or arrest warrant',
        fr: "Décision de condamnation exécutoire ou mandat d'arrêt",
        de: 'Vollstreckbares verurteilendes Erkenntnis oder Haftbefehl',
        es: 'Decisión ejecutoria de condena o mandamiento de detención',
      },
      'offence-statement': {
        en: 'Statement of the offences: time, place, legal description',
        fr: 'Exposé des faits : temps, lieu, qualification légale',
        de: 'Darstellung der Handlungen: Zeit, Ort, rechtliche Würdigung',
        es: 'Exposición de los hechos: tiempo, lugar, calificación legal',
      },
      'applicable-law': {
        en: 'Copy of the relevant enactments',
        fr: 'Copie des dispositions légales applicables',
        de: 'Abschrift der anwendbaren gesetzlichen Bestimmungen',
        es: 'Copia de las disposiciones legales aplicables',
      },
      'person-description': {
        en: 'Description of the person, identity and nationality',
        fr: 'Signalement de la personne réclamée, identité et nationalité',
        de: 'Beschreibung der verfolgten Person, Identität und Staatsangehörigkeit',
        es: 'Descripción de la persona reclamada, identidad y nacionalidad',
      },
    },
    refusalGrounds: {
      below_threshold_1y_or_4m: {
        en: 'Not punishable by at least one year in both Parties (or sentence under 4 months)',
        fr: "Fait non puni d'au moins un an selon la loi des deux Parties (ou condamnation inférieure à 4 mois)",
        de: 'Nicht nach dem Recht beider Vertragsparteien mit mindestens einem Jahr bedroht (oder Strafe unter 4 Monaten)',
        es: 'No castigado con al menos un año según la ley de ambas Partes (o condena inferior a 4 meses)',
      },
      political_offence: {
        en: 'Political offence',
        fr: 'Infraction politique',
        de: 'Politische strafbare Handlung',
        es: 'Delito político',
      },
      military_offence: {
        en: 'Military offence',
        fr: 'Infraction militaire',
        de: 'Militärische strafbare Handlung',
        es: 'Delito militar',
      },
      fiscal_offence: {
        en: 'Fiscal offence',
        fr: 'Infraction fiscale',
        de: 'Fiskalische strafbare Handlung',
        es: 'Delito fiscal',
      },
      own_national: {
        en: 'Extradition of own nationals',
        fr: 'Extradition des nationaux',
        de: 'Auslieferung eigener Staatsangehöriger',
        es: 'Extradición de nacionales',
      },
      place_of_commission: {
        en: 'Place of commission',
        fr: 'Lieu de perpétration',
        de: 'Ort der Begehung',
        es: 'Lugar de comisión',
      },
      pending_proceedings: {
        en: 'Proceedings pending for the same offence',
        fr: 'Poursuites en cours pour les mêmes faits',
        de: 'Anhängige Verfolgung wegen derselben Handlungen',
        es: 'Diligencias pendientes por los mismos hechos',
      },
      non_bis_in_idem: {
        en: 'Non bis in idem',
        fr: 'Non bis in idem',
        de: 'Non bis in idem',
        es: 'Non bis in idem',
      },
      lapse_of_time: { en: 'Lapse of time', fr: 'Prescription', de: 'Verjährung', es: 'Prescripción' },
      capital_punishment: {
        en: 'Capital punishment',
        fr: 'Peine capitale',
        de: 'Todesstrafe',
        es: 'Pena capital',
      },
    },
    channelRules: {
      'extradition-diplomatic': {
        en: 'Written request through the diplomatic channel',
        fr: 'Requête écrite par la voie diplomatique',
        de: 'Schriftliches Ersuchen auf diplomatischem Weg',
        es: 'Solicitud por escrito por vía diplomática',
      },
      'extradition-provisional-arrest': {
        en: 'Urgent: request for provisional arrest, incl. through Interpol',
        fr: "Urgence : demande d'arrestation provisoire, y compris par Interpol",
        de: 'Dringend: Ersuchen um vorläufige Verhaftung, auch über Interpol',
        es: 'Urgente: solicitud de detención preventiva, incluso a través de Interpol',
      },
    },
  },
  // Bilateral treaties authentic in English only: these are descriptive labels, not the treaty text.
  'us-uk-mlat': {
    requiredContents: {
      'conducting-authority': {
        en: 'Authority conducting the investigation or proceedings',
        fr: "Autorité chargée de l'enquête ou de la procédure",
        de: 'Behörde, die die Ermittlungen oder das Verfahren führt',
        es: 'Autoridad que dirige la investigación o el procedimiento',
      },
      'subject-matter-offences-facts': {
        en: 'Subject matter, offences and summary of the facts',
        fr: 'Objet, infractions et résumé des faits',
        de: 'Gegenstand, Straftaten und Zusammenfassung des Sachverhalts',
        es: 'Objeto, delitos y resumen de los hechos',
      },
      'assistance-sought': {
        en: 'Description of the assistance sought',
        fr: "Description de l'assistance demandée",
        de: 'Beschreibung der erbetenen Rechtshilfe',
        es: 'Descripción de la asistencia solicitada',
      },
      purpose: {
        en: 'Purpose for which the assistance is sought',
        fr: "But de l'assistance demandée",
        de: 'Zweck der erbetenen Rechtshilfe',
        es: 'Finalidad de la asistencia solicitada',
      },
      persons: {
        en: 'Persons concerned, as needed',
        fr: 'Personnes concernées, le cas échéant',
        de: 'Betroffene Personen, soweit erforderlich',
        es: 'Personas afectadas, según sea necesario',
      },
    },
    refusalGrounds: {
      essential_interests: {
        en: 'Sovereignty, security or other essential interests',
        fr: 'Souveraineté, sécurité ou autres intérêts essentiels',
        de: 'Hoheitsrechte, Sicherheit oder andere wesentliche Interessen',
        es: 'Soberanía, seguridad u otros intereses esenciales',
      },
      political_or_military_offence: {
        en: 'Political or military offence',
        fr: 'Infraction politique ou militaire',
        de: 'Politische oder militärische strafbare Handlung',
        es: 'Delito político o militar',
      },
      request_not_conforming: {
        en: 'Request does not conform to the treaty',
        fr: 'Demande non conforme au traité',
        de: 'Ersuchen entspricht nicht dem Vertrag',
        es: 'Solicitud no conforme con el tratado',
      },
    },
    channelRules: {
      'us-uk-central-authorities': {
        en: 'Between the central authorities of the two states',
        fr: 'Entre les autorités centrales des deux États',
        de: 'Zwischen den zentralen Behörden der beiden Staaten',
        es: 'Entre las autoridades centrales de ambos Estados',
      },
    },
  },
  'us-eu-mla': {
    requiredContents: {
      'requesting-authority': COE_1959_CONTENTS['requesting-authority'] as Tr,
      'facts-and-offences': {
        en: 'Summary of facts and offences',
        fr: 'Résumé des faits et des infractions',
        de: 'Zusammenfassung des Sachverhalts und der Straftaten',
        es: 'Resumen de los hechos y de los delitos',
      },
      'assistance-sought': {
        en: 'Assistance sought',
        fr: 'Assistance demandée',
        de: 'Erbetene Rechtshilfe',
        es: 'Asistencia solicitada',
      },
    },
    refusalGrounds: {
      use_limitation: {
        en: 'Use limited to the stated proceedings unless consent (speciality)',
        fr: 'Utilisation limitée à la procédure indiquée, sauf consentement (spécialité)',
        de: 'Verwendung auf das angegebene Verfahren beschränkt, außer mit Zustimmung (Spezialität)',
        es: 'Uso limitado al procedimiento indicado salvo consentimiento (especialidad)',
      },
      bilateral_treaty_grounds: {
        en: 'Grounds of the bilateral MLA treaty',
        fr: "Motifs prévus par le traité bilatéral d'entraide",
        de: 'Gründe nach dem bilateralen Rechtshilfevertrag',
        es: 'Motivos del tratado bilateral de asistencia judicial',
      },
    },
    channelRules: {
      'us-eu-central': {
        en: 'Between central authorities under the bilateral treaty',
        fr: 'Entre autorités centrales en vertu du traité bilatéral',
        de: 'Zwischen den zentralen Behörden nach dem bilateralen Vertrag',
        es: 'Entre autoridades centrales con arreglo al tratado bilateral',
      },
      'us-eu-expedited': {
        en: 'Expedited transmission by fax or e-mail, formal confirmation on request',
        fr: 'Transmission accélérée par télécopie ou courrier électronique, confirmation formelle sur demande',
        de: 'Beschleunigte Übermittlung per Telefax oder E-Mail, förmliche Bestätigung auf Verlangen',
        es: 'Transmisión acelerada por fax o correo electrónico, con confirmación formal si se solicita',
      },
    },
  },
};
