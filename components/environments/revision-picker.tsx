import { Button } from '../ui/button';
import { DateTime } from '../ui/date-time';
import { Table, Td, Th } from '../ui/table';

export type RevisionRow = { number: number; author: string; createdAt: string; changeNote: string };

/**
 * The revision list with "from" and "to" radio columns. A plain GET form: comparing works without
 * JavaScript and the chosen pair lives in the URL (?from=&to=), so it can be shared.
 */
export function RevisionPicker({ revisions, from, to }: { revisions: RevisionRow[]; from?: number; to?: number }) {
  return (
    <form method="get" aria-label="Compare revisions" className="space-y-3">
      <Table caption="Revisions">
        <thead>
          <tr>
            <Th className="w-16 text-center">From</Th>
            <Th className="w-16 text-center">To</Th>
            <Th>Revision</Th>
            <Th>Author</Th>
            <Th>Saved</Th>
            <Th>Change note</Th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((revision) => (
            <tr key={revision.number}>
              <Td className="text-center">
                <RevisionRadio side="from" number={revision.number} checked={revision.number === from} />
              </Td>
              <Td className="text-center">
                <RevisionRadio side="to" number={revision.number} checked={revision.number === to} />
              </Td>
              <Td className="font-semibold tabular-nums">{revision.number}</Td>
              <Td>{revision.author}</Td>
              <Td className="whitespace-nowrap">
                <DateTime value={revision.createdAt} />
              </Td>
              <Td>{revision.changeNote}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Button type="submit" variant="primary" disabled={revisions.length < 2}>
        Compare
      </Button>
    </form>
  );
}

function RevisionRadio({ side, number, checked }: { side: 'from' | 'to'; number: number; checked: boolean }) {
  return (
    <input
      type="radio"
      name={side}
      value={number}
      defaultChecked={checked}
      aria-label={`Compare ${side} revision ${number}`}
      className="size-4 accent-sky-700"
    />
  );
}
