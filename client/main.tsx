// First: zod must be configured before any schema is defined (see the module).
import './zodWithoutEval.js'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.js'
import { UpdatePrompt } from './offline/UpdatePrompt.js'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
    {import.meta.env.PROD && <UpdatePrompt />}
  </StrictMode>,
)
