"""Every GraphQL document Guichet QVCT sends to Démarches Simplifiées (API v2).

Each one is validated in the tests against the DS schema (`DS_SCHEMA_PATH`) with graphql-core: a field renamed
upstream fails the suite, not a nightly sync.
"""

CHAMP_FIELDS = """
fragment ChampFields on Champ {
  __typename
  id
  champDescriptorId
  label
  stringValue
  ... on PieceJustificativeChamp {
    files { filename url checksum byteSizeBigInt contentType virusScanResult }
  }
  ... on SiretChamp { etablissement { siret } }
  ... on DateChamp { date }
}
"""

DOSSIER_FIELDS = (
    CHAMP_FIELDS
    + """
fragment DossierFields on Dossier {
  id
  number
  state
  dateDepot
  dateDerniereModification
  dateTraitement
  motivation
  demandeur {
    __typename
    ... on PersonneMorale { siret entreprise { raisonSociale } }
  }
  champs {
    ...ChampFields
    ... on RepetitionChamp { rows { id champs { ...ChampFields } } }
  }
}
"""
)

DOSSIERS_PAGE = (
    DOSSIER_FIELDS
    + """
query DossiersPage($demarche: Int!, $first: Int!, $after: String, $updatedSince: ISO8601DateTime) {
  demarche(number: $demarche) {
    number
    dossiers(first: $first, after: $after, updatedSince: $updatedSince) {
      pageInfo { hasNextPage endCursor }
      nodes { ...DossierFields }
    }
  }
}
"""
)

DELETED_PAGE = """
query DeletedPage($demarche: Int!, $first: Int!, $after: String, $deletedSince: ISO8601DateTime) {
  demarche(number: $demarche) {
    number
    deletedDossiers(first: $first, after: $after, deletedSince: $deletedSince) {
      pageInfo { hasNextPage endCursor }
      nodes { id number state dateSupression reason }
    }
  }
}
"""

PENDING_DELETED_PAGE = """
query PendingDeletedPage($demarche: Int!, $first: Int!, $after: String, $deletedSince: ISO8601DateTime) {
  demarche(number: $demarche) {
    number
    pendingDeletedDossiers(first: $first, after: $after, deletedSince: $deletedSince) {
      pageInfo { hasNextPage endCursor }
      nodes { id number state dateSupression reason }
    }
  }
}
"""

PASSER_EN_INSTRUCTION = """
mutation PasserEnInstruction($input: DossierPasserEnInstructionInput!) {
  dossierPasserEnInstruction(input: $input) {
    dossier { id number state }
    errors { message }
  }
}
"""

ACCEPTER = """
mutation Accepter($input: DossierAccepterInput!) {
  dossierAccepter(input: $input) {
    dossier { id number state }
    errors { message }
  }
}
"""

REFUSER = """
mutation Refuser($input: DossierRefuserInput!) {
  dossierRefuser(input: $input) {
    dossier { id number state }
    errors { message }
  }
}
"""

CREATE_DIRECT_UPLOAD = """
mutation CreateDirectUpload($input: CreateDirectUploadInput!) {
  createDirectUpload(input: $input) {
    directUpload { url headers blobId signedBlobId }
  }
}
"""

# The paginated streams of a démarche: each keeps its own cursor.
STREAMS = {
    "dossiers": (DOSSIERS_PAGE, "dossiers", "updatedSince"),
    "deleted": (DELETED_PAGE, "deletedDossiers", "deletedSince"),
    "pending_deleted": (PENDING_DELETED_PAGE, "pendingDeletedDossiers", "deletedSince"),
}

ALL_DOCUMENTS = {
    "DossiersPage": DOSSIERS_PAGE,
    "DeletedPage": DELETED_PAGE,
    "PendingDeletedPage": PENDING_DELETED_PAGE,
    "PasserEnInstruction": PASSER_EN_INSTRUCTION,
    "Accepter": ACCEPTER,
    "Refuser": REFUSER,
    "CreateDirectUpload": CREATE_DIRECT_UPLOAD,
}
