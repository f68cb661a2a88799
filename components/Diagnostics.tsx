import type { PageContext } from '@/lib/model/context';

/** What the CnC selector profile matched: how a changed widget shows itself. */
export function Diagnostics({ diagnostics }: { diagnostics: PageContext['diagnostics'] }) {
  return (
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
  );
}
