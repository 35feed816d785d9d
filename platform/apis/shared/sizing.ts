/** The size presets every platform API offers: the only place their numbers exist. */

/** Names of the presets, smallest first. */
export const SIZE_NAMES = ['micro', 'small', 'medium', 'large'] as const;

/** A preset name. */
export type SizeName = (typeof SIZE_NAMES)[number];

/** The preset used when a claim sets no `size`. */
export const DEFAULT_SIZE: SizeName = 'medium';

/** Container resources of one preset, in Kubernetes `resources` shape. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

const PRESETS: Readonly<Record<SizeName, ContainerResources>> = {
  micro: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
  small: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '2Gi' } },
  medium: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2000m', memory: '4Gi' } },
  large: { requests: { cpu: '1000m', memory: '2Gi' }, limits: { cpu: '4000m', memory: '8Gi' } },
};

/** A validated size preset. */
export class Sizing {
  /** The preset's name. */
  readonly name: SizeName;
  /** Its container resources. */
  readonly resources: ContainerResources;

  private constructor(name: SizeName) {
    this.name = name;
    this.resources = PRESETS[name];
  }

  /** The preset called `name`; throws naming the allowed values otherwise. */
  static preset(name: string): Sizing {
    if (!(SIZE_NAMES as readonly string[]).includes(name)) {
      throw new Error(`'size' (${JSON.stringify(name)}) must be one of ${SIZE_NAMES.join(', ')}`);
    }
    return new Sizing(name as SizeName);
  }

  /** Every preset as a plain `name → resources` table (the P&T `map` transform of the compositions). */
  static table(): Record<SizeName, ContainerResources> {
    return structuredClone(PRESETS) as Record<SizeName, ContainerResources>;
  }
}
