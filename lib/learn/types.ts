import type { AssumeRoleRequest, Diagnosis, Snapshot } from '@/lib/engine/types';
import type { LabId } from './labs';
import type { SubRow } from './mermaid';

export interface StepDiagram {
  /** Stable per step; also the diagram's data-testid suffix. */
  id: string;
  title: string;
  source: string;
}

export interface StepCode {
  label: string;
  language: 'json' | 'bash' | 'hcl' | 'yaml';
  code: string;
}

export interface LearnStep {
  slug: string;
  title: string;
  /** Short paragraphs, in our own words. */
  body: string[];
  /** Rulebook ids the step explains (shared reference, R-nn). */
  rules: string[];
  diagrams: StepDiagram[];
  code: StepCode[];
  /** The lab to break, and which breaks to offer on this step. */
  lab?: { id: LabId; breakIds: string[] };
  /** Said on the page when the step uses data the demo does not hold. */
  note?: string;
  /** GitHub sub claims evaluated by the engine. */
  subRows?: SubRow[];
  /** The role picker may swap this step's subject role (live data only). */
  usesSubjectRole?: boolean;
}

export interface Walkthrough {
  slug: string;
  title: string;
  summary: string;
  steps: LearnStep[];
}

export type DiagnoseFn = (snapshot: Snapshot, request: AssumeRoleRequest) => Diagnosis;
