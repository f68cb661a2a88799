/**
 * Custom metadata (plugins/metadata) for cue points: profiles and metadata objects, in memory.
 * Shapes: kaltura-client KalturaModel.js Metadata / MetadataProfile. Only the Kaltura-QnA profile
 * exists (KALTURA.md §3); its id is invented.
 */
import { QNA_OBJECT_TYPE, QNA_PROFILE_SYSTEM_NAME, QNA_XSD } from './qna-schema.js';

/** KalturaMetadataStatus::VALID = 1, DELETED = 3; KalturaMetadataProfileStatus::ACTIVE = 1. */
export const METADATA_VALID = 1;

export interface MetadataProfile {
  objectType: 'KalturaMetadataProfile';
  id: number;
  partnerId: number;
  metadataObjectType: string;
  version: number;
  name: string;
  systemName: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  status: number;
  xsd: string;
  /** KalturaMetadataProfileCreateMode::KMC = 2. */
  createMode: number;
  disableReIndexing: boolean;
}

export interface Metadata {
  objectType: 'KalturaMetadata';
  id: number;
  partnerId: number;
  metadataProfileId: number;
  metadataProfileVersion: number;
  metadataObjectType: string;
  objectId: string;
  version: number;
  createdAt: number;
  updatedAt: number;
  status: number;
  xml: string;
}

/** Invented id of the partner's Kaltura-QnA profile. */
export const QNA_PROFILE_ID = 10001;

export class MetadataStore {
  readonly profiles: MetadataProfile[];
  private readonly items = new Map<number, Metadata>();
  private nextId = 500001;

  constructor(partnerId: number, now: number) {
    this.profiles = [
      {
        objectType: 'KalturaMetadataProfile',
        id: QNA_PROFILE_ID,
        partnerId,
        metadataObjectType: QNA_OBJECT_TYPE,
        version: 1,
        name: QNA_PROFILE_SYSTEM_NAME,
        systemName: QNA_PROFILE_SYSTEM_NAME,
        description: 'Q&A for webcasts',
        createdAt: now,
        updatedAt: now,
        status: 1,
        xsd: QNA_XSD,
        createMode: 2,
        disableReIndexing: false,
      },
    ];
  }

  profile(id: number): MetadataProfile | undefined {
    return this.profiles.find((p) => p.id === id);
  }

  add(m: Omit<Metadata, 'objectType' | 'id' | 'version' | 'createdAt' | 'updatedAt' | 'status'>, now: number): Metadata {
    const item: Metadata = { objectType: 'KalturaMetadata', id: this.nextId++, version: 1, createdAt: now, updatedAt: now, status: METADATA_VALID, ...m };
    this.items.set(item.id, item);
    return item;
  }

  get(id: number): Metadata | undefined {
    return this.items.get(id);
  }

  find(profileId: number, objectId: string): Metadata | undefined {
    for (const m of this.items.values()) if (m.metadataProfileId === profileId && m.objectId === objectId) return m;
    return undefined;
  }

  all(): Metadata[] {
    return [...this.items.values()];
  }
}
