import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../files';
import { ErrorNotice } from './ErrorNotice';

interface Props {
  label: string;
  fileName: string;
  fetchBlob: () => Promise<Blob>;
  testid?: string;
  linkTestId?: string;
  className?: string;
}

/**
 * Downloads a PDF that needs the bearer header: fetch it, then save the blob under its name.
 * A plain link to the same blob stays on the page in case the browser did not start the download.
 */
export function DownloadButton({ label, fileName, fetchBlob, testid, linkTestId, className = 'button secondary' }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [url, setUrl] = useState<string | null>(null);

  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);

  async function run() {
    setBusy(true);
    setError(null);
    try {
      const blob = await fetchBlob();
      setUrl(saveBlob(blob, fileName));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="download">
      <button type="button" className={className} onClick={() => void run()} disabled={busy} data-testid={testid}>
        <span aria-hidden="true">⤓ </span>
        {busy ? t('common.working') : label}
      </button>
      {url && (
        <p className="small" role="status">
          {t('common.downloadReady')}{' '}
          <a href={url} download={fileName} data-testid={linkTestId}>
            {fileName}
          </a>
        </p>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}
