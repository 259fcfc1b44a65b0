/** Problems (validation, import) in the user's language. */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileProblemCode, Problem, RowIssue } from './formats/model';

export function useProblemText(): (p: Problem) => string {
  const { t } = useTranslation('contacts');
  return useCallback(
    (p: Problem) => {
      const params: Record<string, string | number> = { ...p.params };
      const field = params.field;
      if (typeof field === 'string') {
        const m = /^numbers\.(\d+)$/.exec(field);
        params.field = m ? t('field.numberN', { index: Number(m[1]) + 1 }) : t(`field.${field}`);
      }
      return t(`problem.${p.code}`, params);
    },
    [t],
  );
}

/** "Row 3, line 5 (Ann Lee)". */
export function useWhereText(): (i: Pick<RowIssue, 'row' | 'line' | 'label'>) => string {
  const { t } = useTranslation('contacts');
  return useCallback((i: Pick<RowIssue, 'row' | 'line' | 'label'>) => `${t('import.where', { row: i.row, line: i.line })}${i.label ? ` (${i.label})` : ''}`, [t]);
}

export function useIssueText(): (i: RowIssue) => string {
  const problem = useProblemText();
  const where = useWhereText();
  return useCallback((i: RowIssue) => `${where(i)}: ${problem(i)}`, [where, problem]);
}

export function useFileProblemText(): (code: FileProblemCode) => string {
  const { t } = useTranslation('contacts');
  return useCallback((code: FileProblemCode) => t(`fileProblem.${code}`), [t]);
}
