// Label catalogues for rendered requests. Fields are language-neutral codes; each code has a label in
// every catalogue language ([en, fr, de, es]). The EIO Annex A section titles follow the published
// form as far as we know it, but the reference file marks those labels unverified, and the document
// says so next to each section.

export const LABEL_LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type LabelLanguage = (typeof LABEL_LANGUAGES)[number];

type Entry = readonly [en: string, fr: string, de: string, es: string];

const CATALOGUE = {
  // Document frame
  'doc.draft': [
    'DRAFT — not signed, not for transmission',
    'PROJET — non signé, ne pas transmettre',
    'ENTWURF — nicht unterzeichnet, nicht zur Übermittlung',
    'BORRADOR — sin firmar, no transmitir',
  ],
  'doc.approved': [
    'APPROVED — content SHA-256 {hash}',
    'APPROUVÉE — SHA-256 du contenu {hash}',
    'GENEHMIGT — SHA-256 des Inhalts {hash}',
    'APROBADA — SHA-256 del contenido {hash}',
  ],
  'doc.transmitted': [
    'AS TRANSMITTED — content SHA-256 {hash}',
    'TELLE QUE TRANSMISE — SHA-256 du contenu {hash}',
    'WIE ÜBERMITTELT — SHA-256 des Inhalts {hash}',
    'TAL COMO SE TRANSMITIÓ — SHA-256 del contenido {hash}',
  ],
  'doc.reference': ['Request', 'Demande', 'Ersuchen', 'Solicitud'],
  'doc.version': ['version', 'version', 'Fassung', 'versión'],
  'doc.generated': ['Generated', 'Généré le', 'Erstellt am', 'Generado el'],
  'doc.legalBasis': ['Legal basis', 'Base juridique', 'Rechtsgrundlage', 'Base jurídica'],
  'doc.labels': [
    'Labels in {first} and {second}',
    'Intitulés en {first} et en {second}',
    'Bezeichnungen auf {first} und {second}',
    'Rótulos en {first} y en {second}',
  ],
  'doc.noCatalogue': [
    'No label catalogue for {language}: labels shown in English',
    "Pas de catalogue d'intitulés pour {language} : intitulés en anglais",
    'Kein Bezeichnungskatalog für {language}: Bezeichnungen auf Englisch',
    'No hay catálogo de rótulos para {language}: rótulos en inglés',
  ],
  'doc.unverified': ['unverified', 'non vérifié', 'ungeprüft', 'no verificado'],
  'doc.unverifiedNote': [
    '⚠ marks a legal fact not yet checked against the source text.',
    '⚠ signale un élément juridique non encore vérifié sur le texte source.',
    '⚠ kennzeichnet eine noch nicht am Quelltext geprüfte Rechtsangabe.',
    '⚠ indica un dato jurídico aún no verificado con el texto de origen.',
  ],
  'doc.notGiven': ['— not given —', '— non renseigné —', '— nicht angegeben —', '— no consta —'],
  'doc.notRecorded': [
    'Not recorded in this draft',
    'Non renseigné dans ce projet',
    'In diesem Entwurf nicht erfasst',
    'No consta en este borrador',
  ],
  'doc.missing': [
    'MISSING — required',
    'MANQUANT — obligatoire',
    'FEHLT — Pflichtangabe',
    'FALTA — obligatorio',
  ],
  'doc.translationRequired': [
    'translation required into {languages}',
    'traduction requise en {languages}',
    'Übersetzung erforderlich in {languages}',
    'se requiere traducción al {languages}',
  ],
  'doc.translationAttached': [
    'translation attached ({languages})',
    'traduction jointe ({languages})',
    'Übersetzung beigefügt ({languages})',
    'traducción adjunta ({languages})',
  ],
  'doc.page': [
    'Page {page} of {pages}',
    'Page {page} sur {pages}',
    'Seite {page} von {pages}',
    'Página {page} de {pages}',
  ],
  'doc.findings': [
    'Completeness and legality check',
    'Contrôle de complétude et de légalité',
    'Prüfung auf Vollständigkeit und Rechtmäßigkeit',
    'Control de integridad y legalidad',
  ],
  'doc.findingsAt': [
    'Checked on {date} against {instrument} (registry version {version})',
    'Vérifié le {date} au regard de {instrument} (version {version} du registre)',
    'Geprüft am {date} anhand von {instrument} (Registerfassung {version})',
    'Comprobado el {date} conforme a {instrument} (versión {version} del registro)',
  ],
  'doc.noFindings': ['No findings.', 'Aucune observation.', 'Keine Feststellungen.', 'Sin observaciones.'],
  'doc.blocking': ['blocking', 'bloquant', 'blockierend', 'bloqueante'],
  'doc.warning': ['warning', 'avertissement', 'Warnung', 'advertencia'],
  'doc.yes': ['yes', 'oui', 'ja', 'sí'],
  'doc.no': ['no', 'non', 'nein', 'no'],
  'doc.unknown': ['not stated', 'non précisé', 'nicht angegeben', 'no indicado'],
  'doc.months': ['{n} months', '{n} mois', '{n} Monate', '{n} meses'],
  'doc.person': ['Person {n}', 'Personne {n}', 'Person {n}', 'Persona {n}'],
  'doc.measure': ['Measure {n}', 'Mesure {n}', 'Maßnahme {n}', 'Medida {n}'],
  'doc.offence': ['Offence {n}', 'Infraction {n}', 'Straftat {n}', 'Delito {n}'],
  'doc.annexD': [
    'Annex D / EAW Art. 2(2) no. {n}',
    'annexe D / art. 2, § 2, DC MAE n° {n}',
    'Anhang D / Art. 2 Abs. 2 RB EuHb Nr. {n}',
    'anexo D / art. 2.2 DM ODE n.º {n}',
  ],
  'doc.attachment': ['{name} ({kind})', '{name} ({kind})', '{name} ({kind})', '{name} ({kind})'],
  'doc.signature': [
    'Signature and stamp of the issuing authority',
    "Signature et cachet de l'autorité d'émission",
    'Unterschrift und Dienstsiegel der Anordnungsbehörde',
    'Firma y sello de la autoridad de emisión',
  ],

  // Titles by request kind
  'title.eio': [
    'European Investigation Order (EIO)',
    "Décision d'enquête européenne (DEE)",
    'Europäische Ermittlungsanordnung (EEA)',
    'Orden europea de investigación (OEI)',
  ],
  'title.mla': [
    'Letter of request for mutual legal assistance in criminal matters',
    "Demande d'entraide judiciaire en matière pénale",
    'Ersuchen um Rechtshilfe in Strafsachen',
    'Comisión rogatoria de asistencia judicial en materia penal',
  ],
  'title.preservation': [
    'Request for the expedited preservation of stored computer data',
    'Demande de conservation rapide de données informatiques stockées',
    'Ersuchen um umgehende Sicherung gespeicherter Computerdaten',
    'Solicitud de conservación rápida de datos informáticos almacenados',
  ],
  'title.production-order': [
    'Request for the production of electronic evidence',
    'Demande de production de preuves électroniques',
    'Ersuchen um Herausgabe elektronischer Beweismittel',
    'Solicitud de entrega de pruebas electrónicas',
  ],
  'title.eaw': [
    'European Arrest Warrant',
    "Mandat d'arrêt européen",
    'Europäischer Haftbefehl',
    'Orden de detención europea',
  ],
  'title.extradition': [
    'Request for extradition',
    "Demande d'extradition",
    'Auslieferungsersuchen',
    'Solicitud de extradición',
  ],
  'title.spontaneous': [
    'Spontaneous information',
    'Transmission spontanée d’informations',
    'Spontane Übermittlung von Informationen',
    'Información espontánea',
  ],

  // EIO Annex A sections (Dir. 2014/41/EU, Annex A; labels unverified)
  'eio.A': [
    'Issuing State and executing State',
    "État d'émission et État d'exécution",
    'Anordnungsstaat und Vollstreckungsstaat',
    'Estado de emisión y Estado de ejecución',
  ],
  'eio.B': ['Urgency', 'Urgence', 'Dringlichkeit', 'Urgencia'],
  'eio.C': [
    'Investigative measure(s) to be carried out',
    "Mesure(s) d'enquête à exécuter",
    'Durchzuführende Ermittlungsmaßnahme(n)',
    'Medida(s) de investigación que deben ejecutarse',
  ],
  'eio.D': [
    'Relationship to an earlier EIO',
    'Lien avec une DEE antérieure',
    'Verbindung zu einer früheren EEA',
    'Relación con una OEI anterior',
  ],
  'eio.E': [
    'Identity of the person(s) concerned',
    'Identité de la ou des personnes concernées',
    'Identität der betroffenen Person(en)',
    'Identidad de la(s) persona(s) afectada(s)',
  ],
  'eio.F': [
    'Type of proceedings for which the EIO is issued',
    'Type de procédure pour laquelle la DEE est émise',
    'Art des Verfahrens, für das die EEA erlassen wird',
    'Tipo de procedimiento para el que se emite la OEI',
  ],
  'eio.G': [
    'Grounds for issuing the EIO',
    "Motifs de l'émission de la DEE",
    'Gründe für den Erlass der EEA',
    'Motivos para emitir la OEI',
  ],
  'eio.H': [
    'Additional requirements for certain measures',
    'Exigences supplémentaires pour certaines mesures',
    'Zusätzliche Anforderungen für bestimmte Maßnahmen',
    'Requisitos adicionales para determinadas medidas',
  ],
  'eio.I': [
    'Formalities and procedures requested for the execution',
    "Formalités et procédures demandées pour l'exécution",
    'Für die Vollstreckung erbetene Formvorschriften und Verfahren',
    'Formalidades y procedimientos solicitados para la ejecución',
  ],
  'eio.J': ['Legal remedies', 'Voies de recours', 'Rechtsbehelfe', 'Recursos'],
  'eio.K': [
    'Details of the authority that issued the EIO',
    "Coordonnées de l'autorité qui a émis la DEE",
    'Angaben zur Behörde, die die EEA erlassen hat',
    'Datos de la autoridad que ha emitido la OEI',
  ],
  'eio.L': [
    'Details of the judicial authority that validated the EIO',
    "Coordonnées de l'autorité judiciaire qui a validé la DEE",
    'Angaben zur Justizbehörde, die die EEA validiert hat',
    'Datos de la autoridad judicial que ha validado la OEI',
  ],

  // Structured letter of request
  'letter.1': ['Requesting authority', 'Autorité requérante', 'Ersuchende Behörde', 'Autoridad requirente'],
  'letter.2': [
    'Requested State and authority',
    'État et autorité requis',
    'Ersuchter Staat und ersuchte Behörde',
    'Estado y autoridad requeridos',
  ],
  'letter.3': ['Legal basis', 'Base juridique', 'Rechtsgrundlage', 'Base jurídica'],
  'letter.4': ['Proceedings', 'Procédure', 'Verfahren', 'Procedimiento'],
  'letter.5': ['Persons concerned', 'Personnes concernées', 'Betroffene Personen', 'Personas afectadas'],
  'letter.6': [
    'Offences and applicable law',
    'Infractions et droit applicable',
    'Straftaten und anwendbares Recht',
    'Delitos y Derecho aplicable',
  ],
  'letter.7': ['Summary of the facts', 'Exposé des faits', 'Sachverhalt', 'Exposición de los hechos'],
  'letter.8': ['Assistance requested', 'Entraide demandée', 'Erbetene Rechtshilfe', 'Asistencia solicitada'],
  'letter.9': [
    'Procedures to be followed',
    'Procédures à suivre',
    'Einzuhaltende Verfahren',
    'Procedimientos que deben seguirse',
  ],
  'letter.10': ['Confidentiality', 'Confidentialité', 'Vertraulichkeit', 'Confidencialidad'],
  'letter.11': [
    'Urgency and time limits',
    'Urgence et délais',
    'Dringlichkeit und Fristen',
    'Urgencia y plazos',
  ],
  'letter.12': [
    'Language and translations',
    'Langue et traductions',
    'Sprache und Übersetzungen',
    'Lengua y traducciones',
  ],
  'letter.13': ['Attachments', 'Pièces jointes', 'Anlagen', 'Documentos adjuntos'],

  // Fields
  'field.requestingState': [
    'Requesting (issuing) State',
    'État requérant (d’émission)',
    'Ersuchender Staat (Anordnungsstaat)',
    'Estado requirente (de emisión)',
  ],
  'field.requestedState': [
    'Requested (executing) State',
    'État requis (d’exécution)',
    'Ersuchter Staat (Vollstreckungsstaat)',
    'Estado requerido (de ejecución)',
  ],
  'field.requestedAuthority': [
    'Requested (executing) authority',
    'Autorité requise (d’exécution)',
    'Ersuchte Behörde (Vollstreckungsbehörde)',
    'Autoridad requerida (de ejecución)',
  ],
  'field.acceptedLanguages': [
    'Languages accepted by the requested State',
    "Langues acceptées par l'État requis",
    'Vom ersuchten Staat angenommene Sprachen',
    'Lenguas aceptadas por el Estado requerido',
  ],
  'field.channel': [
    'Channel of transmission',
    'Voie de transmission',
    'Übermittlungsweg',
    'Vía de transmisión',
  ],
  'field.centralAuthority': [
    'Central authority',
    'Autorité centrale',
    'Zentrale Behörde',
    'Autoridad central',
  ],
  'field.instrument': ['Instrument', 'Instrument', 'Rechtsinstrument', 'Instrumento'],
  'field.kind': ['Kind of request', 'Type de demande', 'Art des Ersuchens', 'Tipo de solicitud'],
  'field.urgent': ['Urgent', 'Urgent', 'Dringend', 'Urgente'],
  'field.urgencyReasons': [
    'Reasons for urgency',
    "Motifs de l'urgence",
    'Gründe für die Dringlichkeit',
    'Motivos de la urgencia',
  ],
  'field.urgencyDeadline': [
    'Execution needed by',
    'Exécution nécessaire avant le',
    'Vollstreckung erforderlich bis',
    'Ejecución necesaria antes del',
  ],
  'field.measure': ['Measure', 'Mesure', 'Maßnahme', 'Medida'],
  'field.measureDetails': [
    'Measure and evidence to be obtained',
    'Mesure et preuves à obtenir',
    'Maßnahme und zu erlangende Beweismittel',
    'Medida y pruebas que deben obtenerse',
  ],
  'field.concerns': ['Person concerned', 'Personne concernée', 'Betroffene Person', 'Persona afectada'],
  'field.earlierEio': [
    'Earlier EIO or request',
    'DEE ou demande antérieure',
    'Frühere EEA oder früheres Ersuchen',
    'OEI o solicitud anterior',
  ],
  'field.role': ['Role', 'Qualité', 'Rolle', 'Condición'],
  'field.name': ['Name', 'Nom', 'Name', 'Nombre'],
  'field.dateOfBirth': ['Date of birth', 'Date de naissance', 'Geburtsdatum', 'Fecha de nacimiento'],
  'field.placeOfBirth': ['Place of birth', 'Lieu de naissance', 'Geburtsort', 'Lugar de nacimiento'],
  'field.nationality': ['Nationality', 'Nationalité', 'Staatsangehörigkeit', 'Nacionalidad'],
  'field.address': ['Address', 'Adresse', 'Anschrift', 'Dirección'],
  'field.identifiers': ['Identifiers', 'Identifiants', 'Kennungen', 'Identificadores'],
  'field.description': ['Description', 'Description', 'Beschreibung', 'Descripción'],
  'field.proceedingsType': [
    'Type of proceedings',
    'Type de procédure',
    'Art des Verfahrens',
    'Tipo de procedimiento',
  ],
  'field.proceedingsReference': [
    'Reference of the proceedings',
    'Référence de la procédure',
    'Aktenzeichen des Verfahrens',
    'Referencia del procedimiento',
  ],
  'field.summaryOfFacts': [
    'Summary of the facts',
    'Exposé des faits',
    'Sachverhalt',
    'Exposición de los hechos',
  ],
  'field.legalClassification': [
    'Offence and applicable provisions',
    'Infraction et dispositions applicables',
    'Straftat und anwendbare Vorschriften',
    'Delito y disposiciones aplicables',
  ],
  'field.offenceCategory': [
    'Offence category',
    "Catégorie d'infraction",
    'Deliktskategorie',
    'Categoría de delito',
  ],
  'field.maxPenalty': [
    'Maximum penalty (requesting State)',
    'Peine maximale (État requérant)',
    'Höchststrafe (ersuchender Staat)',
    'Pena máxima (Estado requirente)',
  ],
  'field.punishable': [
    'Punishable in the requested State',
    "Punissable dans l'État requis",
    'Im ersuchten Staat strafbar',
    'Punible en el Estado requerido',
  ],
  'field.offenceDescription': [
    'Description of the offence',
    "Description de l'infraction",
    'Beschreibung der Straftat',
    'Descripción del delito',
  ],
  'field.formalities': [
    'Formalities and procedures',
    'Formalités et procédures',
    'Formvorschriften und Verfahren',
    'Formalidades y procedimientos',
  ],
  'field.confidentiality': [
    'Confidentiality required',
    'Confidentialité requise',
    'Vertraulichkeit erforderlich',
    'Confidencialidad requerida',
  ],
  'field.confidentialityReasons': [
    'Reasons for confidentiality',
    'Motifs de la confidentialité',
    'Gründe für die Vertraulichkeit',
    'Motivos de la confidencialidad',
  ],
  'field.legalRemedies': ['Legal remedies', 'Voies de recours', 'Rechtsbehelfe', 'Recursos'],
  'field.authorityName': [
    'Name of the authority',
    "Nom de l'autorité",
    'Name der Behörde',
    'Nombre de la autoridad',
  ],
  'field.authorityAddress': ['Address', 'Adresse', 'Anschrift', 'Dirección'],
  'field.authorityPhone': ['Telephone', 'Téléphone', 'Telefon', 'Teléfono'],
  'field.authorityEmail': ['E-mail', 'Courriel', 'E-Mail', 'Correo electrónico'],
  'field.authorityReference': [
    'File reference',
    'Référence du dossier',
    'Aktenzeichen',
    'Referencia del expediente',
  ],
  'field.validatedBy': ['Validated by', 'Validée par', 'Validiert durch', 'Validada por'],
  'field.validatedAt': ['Validated on (UTC)', 'Validée le (UTC)', 'Validiert am (UTC)', 'Validada el (UTC)'],
  'field.language': [
    'Language of the request',
    'Langue de la demande',
    'Sprache des Ersuchens',
    'Lengua de la solicitud',
  ],
  'field.translations': [
    'Translations attached',
    'Traductions jointes',
    'Beigefügte Übersetzungen',
    'Traducciones adjuntas',
  ],
  'field.attachments': [
    'Documents attached',
    'Documents joints',
    'Beigefügte Unterlagen',
    'Documentos adjuntos',
  ],

  // Measures (catalogue slugs)
  'measure.hearing-witness': [
    'Hearing of a witness, expert or victim',
    "Audition d'un témoin, d'un expert ou d'une victime",
    'Vernehmung eines Zeugen, Sachverständigen oder Opfers',
    'Declaración de un testigo, perito o víctima',
  ],
  'measure.hearing-suspect': [
    'Hearing of a suspect or accused person',
    "Audition d'un suspect ou d'une personne poursuivie",
    'Vernehmung eines Verdächtigen oder Beschuldigten',
    'Declaración de un sospechoso o investigado',
  ],
  'measure.search-seizure': [
    'Search and seizure',
    'Perquisition et saisie',
    'Durchsuchung und Beschlagnahme',
    'Registro e incautación',
  ],
  'measure.banking-information': [
    'Information on bank accounts and banking operations',
    'Informations sur des comptes et opérations bancaires',
    'Auskünfte über Bankkonten und Bankgeschäfte',
    'Información sobre cuentas y operaciones bancarias',
  ],
  'measure.banking-monitoring': [
    'Monitoring of banking operations',
    'Suivi des opérations bancaires',
    'Überwachung von Bankgeschäften',
    'Vigilancia de operaciones bancarias',
  ],
  'measure.subscriber-data': [
    'Subscriber data',
    "Données relatives à l'abonné",
    'Bestandsdaten',
    'Datos de abonado',
  ],
  'measure.traffic-data': [
    'Traffic data',
    'Données relatives au trafic',
    'Verkehrsdaten',
    'Datos de tráfico',
  ],
  'measure.content-data': [
    'Content data',
    'Données relatives au contenu',
    'Inhaltsdaten',
    'Datos de contenido',
  ],
  'measure.interception': [
    'Interception of telecommunications',
    'Interception de télécommunications',
    'Überwachung der Telekommunikation',
    'Intervención de telecomunicaciones',
  ],
  'measure.preservation': [
    'Preservation of data',
    'Conservation de données',
    'Sicherung von Daten',
    'Conservación de datos',
  ],
  'measure.service-of-documents': [
    'Service of documents',
    'Notification de documents',
    'Zustellung von Schriftstücken',
    'Notificación de documentos',
  ],
  'measure.transfer-detained-person': [
    'Temporary transfer of a detained person',
    "Transfèrement temporaire d'une personne détenue",
    'Zeitweilige Überstellung einer inhaftierten Person',
    'Traslado temporal de una persona detenida',
  ],
  'measure.videoconference': [
    'Hearing by videoconference',
    'Audition par vidéoconférence',
    'Vernehmung per Videokonferenz',
    'Declaración por videoconferencia',
  ],
  'measure.covert-investigation': [
    'Covert investigation',
    'Enquête discrète',
    'Verdeckte Ermittlung',
    'Investigación encubierta',
  ],
  'measure.controlled-delivery': [
    'Controlled delivery',
    'Livraison surveillée',
    'Kontrollierte Lieferung',
    'Entrega vigilada',
  ],
  'measure.freezing': [
    'Freezing of assets or evidence',
    'Gel de biens ou de preuves',
    'Sicherstellung von Vermögenswerten oder Beweismitteln',
    'Embargo de bienes o pruebas',
  ],
  'measure.surrender': [
    'Arrest and surrender / extradition',
    'Arrestation et remise / extradition',
    'Festnahme und Übergabe / Auslieferung',
    'Detención y entrega / extradición',
  ],

  // Person roles
  'role.suspect': ['suspect', 'suspect', 'Verdächtiger', 'sospechoso'],
  'role.accused': ['accused person', 'personne poursuivie', 'Beschuldigter', 'acusado'],
  'role.victim': ['victim', 'victime', 'Opfer', 'víctima'],
  'role.witness': ['witness', 'témoin', 'Zeuge', 'testigo'],
  'role.expert': ['expert', 'expert', 'Sachverständiger', 'perito'],
  'role.other': ['other', 'autre', 'sonstige', 'otra'],

  // Proceedings types (EIO Art. 4)
  'proceedings.criminal': ['Criminal proceedings', 'Procédure pénale', 'Strafverfahren', 'Proceso penal'],
  'proceedings.administrative': [
    'Proceedings by administrative authorities (criminal-law offences)',
    'Procédure engagée par des autorités administratives (infractions pénales)',
    'Verfahren von Verwaltungsbehörden (Straftaten)',
    'Procedimiento incoado por autoridades administrativas (infracciones penales)',
  ],
  'proceedings.civil-in-criminal': [
    'Civil claims in criminal proceedings',
    'Action civile dans une procédure pénale',
    'Zivilrechtliche Ansprüche im Strafverfahren',
    'Acción civil en el proceso penal',
  ],

  // Request kinds
  'kind.mla': [
    'Mutual legal assistance request',
    "Demande d'entraide judiciaire",
    'Rechtshilfeersuchen',
    'Solicitud de asistencia judicial',
  ],
  'kind.eio': [
    'European Investigation Order',
    "Décision d'enquête européenne",
    'Europäische Ermittlungsanordnung',
    'Orden europea de investigación',
  ],
  'kind.preservation': [
    'Preservation request',
    'Demande de conservation',
    'Sicherungsersuchen',
    'Solicitud de conservación',
  ],
  'kind.production-order': [
    'Production order',
    'Injonction de production',
    'Herausgabeanordnung',
    'Orden de entrega',
  ],
  'kind.eaw': [
    'European Arrest Warrant',
    "Mandat d'arrêt européen",
    'Europäischer Haftbefehl',
    'Orden de detención europea',
  ],
  'kind.extradition': [
    'Extradition request',
    "Demande d'extradition",
    'Auslieferungsersuchen',
    'Solicitud de extradición',
  ],
  'kind.spontaneous': [
    'Spontaneous information',
    'Information spontanée',
    'Spontane Information',
    'Información espontánea',
  ],
} as const satisfies Record<string, Entry>;

export type LabelCode = keyof typeof CATALOGUE;

export const isLabelLanguage = (l: string | undefined): l is LabelLanguage =>
  l !== undefined && (LABEL_LANGUAGES as readonly string[]).includes(l);

/** The label of `code` in `language`, with `{param}`s filled in. */
export function label(
  code: LabelCode,
  language: LabelLanguage,
  params: Record<string, string | number> = {},
): string {
  const entry: Entry = CATALOGUE[code];
  const text = entry[LABEL_LANGUAGES.indexOf(language)] ?? entry[0];
  return text.replace(/\{(\w+)\}/g, (whole, key: string) =>
    params[key] === undefined ? whole : String(params[key]),
  );
}

export const hasLabel = (code: string): code is LabelCode => code in CATALOGUE;

/** Every code with its labels, for tests and for the web app to reuse. */
export const labelCatalogue = (): Readonly<Record<LabelCode, Entry>> => CATALOGUE;
