/*
 * The part of a Provider framework event (onEvent or isComplete) this library's handlers read.
 * Types only: handlers bundle it, and it imports nothing.
 */

/** A Provider framework event whose resource properties are `P` (every value arrives as a string, lists as lists). */
export interface CustomResourceEvent<P> {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: P;
  readonly OldResourceProperties?: P;
  /** Set on Update and Delete (onEvent), and always for isComplete. */
  readonly PhysicalResourceId?: string;
  readonly [key: string]: unknown;
}
