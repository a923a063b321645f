/**
 * Exercise data (made in the agencies of the demo world, for training) and operational data never
 * mix; an officer works in the world of their agency. Every step that hands data to another agency — a request transmitted, a task assigned, a
 * thread opened to participants, evidence handed over — asks this first, on this node as between
 * nodes: exercise data would otherwise appear among real casework, and operational data would
 * reach exercise agencies, whose accounts all share the published demo password.
 *
 * Answers why an agency may not receive the data, or undefined when it may.
 */
export function worldRefusal(
  data: { exercise: boolean },
  agency: { exercise?: boolean },
): string | undefined {
  const agencyExercise = agency.exercise === true;
  if (data.exercise === agencyExercise) return undefined;
  return data.exercise
    ? 'Exercise data goes only to exercise agencies.'
    : 'Operational data never goes to an exercise agency: its accounts share the demo password.';
}
