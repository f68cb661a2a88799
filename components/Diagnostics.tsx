import type { PageContext } from '@/lib/model/context';

/** What the CnC selector profile matched: how a changed widget shows itself. */
export function Diagnostics({ diagnostics, onTeach }: { diagnostics: PageContext['diagnostics']; onTeach?: () => void }) {
  // Teach mode: when the profile does not match this widget, the moderator can show the extension where things are.
  const missed = diagnostics.matched.some((m) => m.count <= 0) || diagnostics.profileId === 'none';
  return (
    <>
    {onTeach && (
      <p class="hint">
        {missed ? 'The profile does not match this widget: show the extension where things are. ' : 'A widget that reads wrong can be taught. '}
        <button type="button" data-testid="diagnostics-teach" onClick={onTeach}>
          Teach the widget
        </button>
      </p>
    )}
    <details class="diagnostics" data-testid="diagnostics">
      <summary>Widget diagnostics ({diagnostics.profileId})</summary>
      <table>
        <tbody>
          {diagnostics.matched.map(({ name, selector, count }) => (
            <tr key={name} class={count > 0 ? 'hit' : 'miss'}>
              <th scope="row">{name}</th>
              <td>
                <code>{selector}</code>
              </td>
              <td>{count < 0 ? 'invalid selector' : count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
    </>
  );
}
